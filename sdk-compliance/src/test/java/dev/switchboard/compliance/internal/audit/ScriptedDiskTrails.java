package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntPredicate;

/** File trails on a scripted disk, for this package's tests and the pipeline's. */
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

  /** A file trail whose fsyncs run {@code script} first. */
  static FileAuditTrail scripted(Path file, Sync sync, ScriptedDiskChannel.ForceScript script) {
    return scripted(file, sync, script, new AtomicReference<>());
  }

  /** As {@link #scripted(Path, Sync, ScriptedDiskChannel.ForceScript)}, showing its channel. */
  static FileAuditTrail scripted(
      Path file,
      Sync sync,
      ScriptedDiskChannel.ForceScript script,
      AtomicReference<ScriptedDiskChannel> channel) {
    return new FileAuditTrail(
        file,
        sync,
        Clock.systemUTC(),
        p -> {
          channel.set(new ScriptedDiskChannel(p, script));
          return channel.get();
        });
  }

  /** Opens (or creates) a file for reading and writing, as the trail opens its own. */
  static FileChannel openReadWrite(Path file) throws IOException {
    return FileChannel.open(
        file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
  }

  /** Waits (without a time bound that load could break) until n records queue behind a leader. */
  static void awaitQueued(FileAuditTrail trail, int n) throws InterruptedException {
    while (trail.queued() < n) Thread.sleep(1);
  }
}
