package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code switchboard audit tail}: a preallocating trail's records while it is open, byte for byte
 * and without its zeros; where to resume; records appended while {@code --follow} runs; clear
 * refusals of a bad start, limit or trail type.
 */
class AuditTailCliTest {
  private static final long PREALLOCATE = 64 * 1024;

  /** Generous: only a follower that never printed the records would reach it. */
  private static final long TIMEOUT_SECONDS = 60;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  private static AuditEvent decision(int i) {
    return new AuditEvent(
        "ai.decision", Map.of("decision", "ALLOW", "ruleIds", List.of("r" + i), "note", "é\"\n"));
  }

  @Test
  void printsAnOpenPreallocatingTrailsRecordsAndWhereToResume() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    CliRun first;
    CliRun rest;
    try (AuditTrail trail = AuditTrail.file(file, AuditTrail.Sync.GROUP, PREALLOCATE)) {
      for (int i = 0; i < 3; i++) trail.append(decision(i));
      assertThat(Files.size(file)).as("zeros kept after the records").isGreaterThan(PREALLOCATE);

      first = CliRun.of("audit", "tail", "--file", file.toString());
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).doesNotContain("\0");
      long resume = first.out().getBytes(StandardCharsets.UTF_8).length;
      assertThat(first.err()).contains("resume with --from " + resume);

      trail.append(decision(3));
      trail.append(decision(4));
      rest =
          CliRun.of("audit", "tail", "--file", file.toString(), "--from", String.valueOf(resume));
      assertThat(rest.code()).as(rest.err()).isZero();
    }
    List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(first.out().lines()).isEqualTo(stored.subList(0, 3));
    assertThat(rest.out().lines()).isEqualTo(stored.subList(3, 5));
  }

  @Test
  void followPrintsRecordsAppendedWhileItRunsUntilItsLimit() throws Exception {
    Path file = dir.resolve("follow.jsonl");
    try (AuditTrail trail = AuditTrail.file(file, AuditTrail.Sync.GROUP, PREALLOCATE)) {
      trail.append(decision(0));
      Future<CliRun> tail =
          pool.submit(
              () ->
                  CliRun.of(
                      "audit",
                      "tail",
                      "--file",
                      file.toString(),
                      "--follow",
                      "--limit",
                      "4",
                      "--interval",
                      "5"));
      for (int i = 1; i < 6; i++) trail.append(decision(i));
      CliRun r = tail.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(r.code()).as(r.err()).isZero();
      List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
      assertThat(r.out().lines()).isEqualTo(stored.subList(0, 4));
      long resume = String.join("\n", stored.subList(0, 4)).getBytes(StandardCharsets.UTF_8).length;
      assertThat(r.err()).contains("resume with --from " + (resume + 1));
    }
  }

  @Test
  void fhirPrintsTheAuditEventsTheExportWouldForTheRecordsRead() throws Exception {
    Path file = dir.resolve("fhir.jsonl");
    CliRun tail;
    try (AuditTrail trail = AuditTrail.file(file, AuditTrail.Sync.GROUP, PREALLOCATE)) {
      trail.append(new AuditEvent("policy.load", Map.of("policyHash", "p1")));
      for (int i = 0; i < 3; i++) trail.append(decision(i));
      tail = CliRun.of("audit", "tail", "--file", file.toString(), "--fhir");
    }
    assertThat(tail.code()).as(tail.err()).isZero();
    CliRun export = CliRun.of("audit", "export", "--fhir", "--ndjson", "--file", file.toString());
    assertThat(export.code()).as(export.err()).isZero();
    List<String> events = tail.out().lines().toList();
    assertThat(events).hasSize(3).isEqualTo(export.out().lines().toList());
    for (String event : events) {
      assertThat(new ObjectMapper().readTree(event).path("resourceType").asText())
          .isEqualTo("AuditEvent");
    }
    assertThat(tail.err())
        .as("the policy.load record is read, though not exported")
        .contains("resume with --from " + Files.size(file));
  }

  @Test
  void aBadStartLimitOrTrailIsRefusedSayingWhy() throws Exception {
    Path file = dir.resolve("bad.jsonl");
    try (AuditTrail trail = AuditTrail.file(file, AuditTrail.Sync.GROUP, 0)) {
      trail.append(decision(0));
    }

    CliRun inside = CliRun.of("audit", "tail", "--file", file.toString(), "--from", "7");
    assertThat(inside.code()).isNotZero();
    assertThat(inside.err()).contains("no record of", "starts at byte 7");
    assertThat(inside.out()).isEmpty();

    CliRun limit = CliRun.of("audit", "tail", "--file", file.toString(), "--limit", "0");
    assertThat(limit.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(limit.err()).contains("--limit 0: must be 1 or more");

    CliRun missing = CliRun.of("audit", "tail", "--file", dir.resolve("none.jsonl").toString());
    assertThat(missing.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(missing.err()).contains("no such file");

    CliRun jdbc = CliRun.of("audit", "tail", "--jdbc-url", "jdbc:postgresql://127.0.0.1:1/audit");
    assertThat(jdbc.code()).isNotZero();
    assertThat(jdbc.err()).contains("audit tail reads a file trail");
  }
}
