package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Many more appending threads than cores, in every mode: the lead is taken by whichever thread runs
 * first, so every record must still be written once, in one chain, every caller released, and close
 * must wait for the last of them.
 */
class FileAuditTrailManyThreadsTest {
  /** Generous: only a record nobody leads (a lost wake-up) would ever reach it. */
  private static final long TIMEOUT_SECONDS = 120;

  private static final int THREADS = 32;
  private static final int EACH = 40;

  @TempDir Path dir;
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @AfterEach
  void stopPool() {
    pool.shutdownNow();
  }

  @ParameterizedTest
  @EnumSource(Sync.class)
  void everyRecordIsWrittenOnceInOneChainAndEveryCallerReturns(Sync sync) throws Exception {
    Path file = dir.resolve(sync + ".jsonl");
    Set<Long> seqs = new HashSet<>();
    try (FileAuditTrail trail = new FileAuditTrail(file, sync, Clock.systemUTC())) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Long>>> workers = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int thread = t;
        workers.add(
            pool.submit(
                () -> {
                  start.await();
                  List<Long> mine = new ArrayList<>();
                  for (int i = 0; i < EACH; i++) {
                    AuditEvent e = new AuditEvent("ai.decision", Map.of("t", thread, "i", i));
                    if (i % 2 == 0) {
                      mine.add(trail.append(e).seq());
                    } else {
                      // the decision path: under overlap it returns before the fsync
                      trail.appendDecision(e).awaitDurable();
                    }
                  }
                  return mine;
                }));
      }
      start.countDown();
      for (Future<List<Long>> w : workers) seqs.addAll(w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(seqs).as("each acknowledged record has its own seq").hasSize(THREADS * EACH / 2);
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo((long) THREADS * EACH);
  }
}
