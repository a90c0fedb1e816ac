package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EntryRecordTest {
  @TempDir Path dir;

  private static AuditEvent event() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("decision", "ALLOW");
    f.put("ruleIds", List.of("phi-baa-required"));
    f.put("requester", Map.of("id", "u-1", "role", "attending"));
    f.put("estimatedCost", 0.000412);
    return new AuditEvent("ai.decision", f);
  }

  @Test
  void readsAsTheStampsThenTheFieldsInOneReadOnlyMap() {
    AuditEvent e = event();
    EntryRecord r = new EntryRecord(7, "id-7", "2026-12-06T22:00:00.120Z", e.type(), e.fields());

    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("seq", 7L);
    expected.put("eventId", "id-7");
    expected.put("recorded", "2026-12-06T22:00:00.120Z");
    expected.put("eventType", "ai.decision");
    expected.putAll(e.fields());
    assertThat(r).isEqualTo(expected).hasSameHashCodeAs(expected);
    assertThat(r.keySet()).containsExactlyElementsOf(expected.keySet());
    assertThat(r.get("seq")).isEqualTo(7L);
    assertThat(r.get("decision")).isEqualTo("ALLOW");
    assertThat(r.get("absent")).isNull();
    assertThat(r.containsKey("eventType")).isTrue();
    assertThat(r.containsKey("requester")).isTrue();
    assertThat(r.containsKey(7)).isFalse();
    assertThat(r.containsKey(null)).isFalse();
    assertThat(r.get(null)).isNull();

    assertThatThrownBy(() -> r.put("decision", "DENY"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.remove("seq")).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.entrySet().iterator().next().setValue(8L))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void viewsAPipelineRecordsSortedFieldsAsIs() {
    SortedFields f = SortedFields.builder(3).put("model", "notes").put("decision", "ALLOW").build();
    EntryRecord r = new EntryRecord(0, "id-0", "2026-12-06T22:00:00Z", "ai.decision", f);
    assertThat(r.keySet())
        .containsExactly("seq", "eventId", "recorded", "eventType", "decision", "model");
    assertThat(r.get("model")).isEqualTo("notes");
    assertThat(r.containsKey(null)).isFalse();
    assertThat(r.get(null)).isNull();
  }

  @Test
  void anAppendedEntryMatchesTheEntryReadBackFromTheFile() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    Clock clock = Clock.fixed(Instant.parse("2026-12-06T22:00:00Z"), ZoneOffset.UTC);
    AuditEntry appended;
    try (FileAuditTrail trail = new FileAuditTrail(file, true, clock)) {
      trail.append(event());
      appended = trail.append(event());
    }
    assertThat(Files.readAllLines(file)).hasSize(2);
    try (FileAuditTrail reopened = new FileAuditTrail(file, true, clock)) {
      AuditEntry stored = reopened.entries().get(1);
      assertThat(appended.seq()).isEqualTo(1);
      // a whole second: no fraction, as Instant.toString writes it
      assertThat(appended.recorded()).isEqualTo("2026-12-06T22:00:00Z");
      assertThat(appended.canonicalJson()).isEqualTo(stored.canonicalJson());
      assertThat(appended.hash()).isEqualTo(stored.hash());
      assertThat(appended.prevHash()).isEqualTo(stored.prevHash());
      // the same JSON (the file's reader gives the seq back as an Integer, the trail a Long)
      assertThat(Jcs.canonicalize(appended.record())).isEqualTo(stored.canonicalJson());
      assertThat(appended.record().keySet()).isEqualTo(stored.record().keySet());
    }
  }
}
