package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SortedFieldsTest {
  private static SortedFields sample() {
    return SortedFields.builder(4)
        .put("zeta", "last")
        .put("alpha", 1)
        .put("Beta", true) // upper case sorts before lower case (UTF-16 code units)
        .put("nested", Map.of("y", 2.5, "x", List.of("a", "b")))
        .put("list", new ArrayList<>(List.of("p", "q")))
        .put("set", Set.of("only"))
        .put("gone", null)
        .put("\u00e9t\u00e9", "accented")
        .build();
  }

  @Test
  void membersAreKeptInCanonicalOrderAndLookedUpByKey() {
    SortedFields f = sample();
    List<String> keys = new ArrayList<>();
    f.forEach((k, v) -> keys.add(k));
    assertThat(keys)
        .containsExactly("Beta", "alpha", "list", "nested", "set", "zeta", "\u00e9t\u00e9");
    assertThat(f.keySet()).containsExactlyElementsOf(keys);
    assertThat(f.get("alpha")).isEqualTo(1);
    assertThat(f.get("gone")).isNull();
    assertThat(f.containsKey("gone")).isFalse();
    assertThat(f.get("nested"))
        .isInstanceOf(SortedFields.class)
        .isEqualTo(Map.of("y", 2.5, "x", List.of("a", "b")));
    assertThat(f).isEqualTo(new LinkedHashMap<>(f));
  }

  @Test
  void itsCanonicalJsonIsThatOfTheSameMembersInAnyMap() {
    SortedFields f = sample();
    Map<String, Object> same = new LinkedHashMap<>();
    same.put("zeta", "last");
    same.put("nested", Map.of("x", List.of("a", "b"), "y", 2.5));
    same.put("alpha", 1);
    same.put("list", List.of("p", "q"));
    same.put("Beta", true);
    same.put("set", List.of("only"));
    same.put("\u00e9t\u00e9", "accented");
    assertThat(Jcs.canonicalize(f)).isEqualTo(Jcs.canonicalize(same));
    assertThat(Jcs.canonicalize(f))
        .isEqualTo(
            "{\"Beta\":true,\"alpha\":1,\"list\":[\"p\",\"q\"],\"nested\":{\"x\":[\"a\",\"b\"],\"y\":2.5},"
                + "\"set\":[\"only\"],\"zeta\":\"last\",\"\u00e9t\u00e9\":\"accented\"}");
  }

  @Test
  void aRecordIsWrittenAsTheOneObjectItsStampAndFieldsMake() {
    long millis = 1_764_960_000_123L;
    for (Map<String, Object> fields :
        List.<Map<String, Object>>of(
            sample(), // in canonical order already
            new LinkedHashMap<>(Map.of("zz", 1, "eventZ", "after eventType", "a", "first")),
            Map.of("eventId", "replaced", "b", "\u00e4 \ud83d\ude00"))) {
      Map<String, Object> merged = new LinkedHashMap<>();
      merged.put("seq", Jcs.HOLE);
      merged.put("eventId", "e-1");
      merged.put("eventType", "ai.decision");
      merged.put("recorded", java.time.Instant.ofEpochMilli(millis).toString());
      merged.putAll(fields);
      RecordBuffer out = RecordBuffer.unpooled();
      int hole = Jcs.recordUtf8("e-1", "ai.decision", millis, fields, out);
      String[] expected = Jcs.canonicalizeAround(merged);
      assertThat(new String(out.bytes(), 0, hole, StandardCharsets.UTF_8)).isEqualTo(expected[0]);
      assertThat(new String(out.bytes(), hole, out.length() - hole, StandardCharsets.UTF_8))
          .isEqualTo(expected[1]);
    }
  }

  @Test
  void utf8BytesAreThoseOfTheString() {
    String[] samples = {
      "",
      "plain ascii",
      "caf\u00e9 \u20ac",
      "\ud83d\ude00 emoji",
      "lone \ud83d high",
      "lone \ude00 low",
      "end high \ud83d",
      "\u07ff\u0800\uffff"
    };
    Random random = new Random(42);
    List<String> all = new ArrayList<>(List.of(samples));
    for (int n = 0; n < 500; n++) {
      char[] cs = new char[random.nextInt(20)];
      for (int i = 0; i < cs.length; i++) {
        int pick = random.nextInt(4);
        cs[i] =
            (char)
                (pick == 0
                    ? random.nextInt(0x80)
                    : pick == 1
                        ? random.nextInt(0x800)
                        : pick == 2 ? 0xD800 + random.nextInt(0x800) : random.nextInt(0x10000));
      }
      all.add(new String(cs));
    }
    for (String s : all) {
      StringBuilder sb = new StringBuilder("xx").append(s).append("yy");
      assertThat(Jcs.utf8(sb, 2, 2 + s.length()))
          .as(s)
          .isEqualTo(s.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void putReplacesAndNullRemoves() {
    SortedFields f =
        SortedFields.builder(1)
            .put("a", 1)
            .put("b", 2)
            .put("a", 3)
            .put("b", null)
            .put("c", 4)
            .build();
    assertThat(f).containsExactly(Map.entry("a", 3), Map.entry("c", 4));
    assertThat(SortedFields.builder(0).put("x", null).build()).isSameAs(SortedFields.empty());
  }

  @Test
  void theLastPutOfAKeyWinsWhateverCameBetween() {
    SortedFields.Builder b =
        SortedFields.builder(2)
            .put("m", 1)
            .put("z", 2)
            .put("m", null)
            .put("a", 3)
            .put("m", 5)
            .put("z", null)
            .put("z", null);
    assertThat(b.get("m")).isEqualTo(5);
    assertThat(b.get("z")).isNull();
    assertThat(b.build()).containsExactly(Map.entry("a", 3), Map.entry("m", 5));
  }

  @Test
  void aValueThatIsNotJsonIsRefusedWithItsKey() {
    assertThatThrownBy(() -> SortedFields.builder(1).put("when", new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("when: must be a JSON value, not Object");
    List<Object> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> SortedFields.builder(1).put("ids", withNull))
        .hasMessage("ids: a list holds null");
  }

  @Test
  void copiesWhatCouldChangeAndCannotBeChanged() {
    List<Object> ids = new ArrayList<>(List.of("r1"));
    SortedFields f = SortedFields.builder(1).put("ids", ids).build();
    ids.add("r2");
    assertThat(f.get("ids")).isEqualTo(List.of("r1"));
    assertThatThrownBy(() -> f.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> ((List<?>) f.get("ids")).clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void anAuditEventKeepsItAsItIs() {
    SortedFields f = sample();
    AuditEvent e = new AuditEvent("t", f);
    assertThat(e.fields()).isSameAs(f);
    assertThatThrownBy(() -> new AuditEvent("t", SortedFields.builder(1).put("seq", 1).build()))
        .hasMessageContaining("AuditEvent.fields.seq");
  }
}
