package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;

/** What the file trail's tests share: a directory for their files, a pool, and their records. */
abstract class TrailTestSupport {
  @TempDir Path dir;
  final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  /** Record i: a decision with a double and a string that needs escaping, as real ones have. */
  static AuditEvent event(int i) {
    return new AuditEvent(
        "ai.decision",
        Map.of(
            "decision", "ALLOW", "ruleIds", List.of("r" + i), "cost", 0.0004 * i, "note", "é\"\n"));
  }
}
