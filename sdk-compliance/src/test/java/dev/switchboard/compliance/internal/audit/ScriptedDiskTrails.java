package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.IntPredicate;

/** File trails on a scripted disk, for tests outside this package (the pipeline's). */
public final class ScriptedDiskTrails {
  private ScriptedDiskTrails() {}

  /** A file trail whose fsync number n (from 1) fails when {@code failForce} says so. */
  public static AuditTrail failingForce(Path file, Sync sync, IntPredicate failForce) {
    return new FileAuditTrail(
        file,
        sync,
        Clock.systemUTC(),
        p ->
            new ScriptedDiskChannel(
                p,
                call -> {
                  if (failForce.test(call)) throw new IOException("disk gone (scripted)");
                }));
  }
}
