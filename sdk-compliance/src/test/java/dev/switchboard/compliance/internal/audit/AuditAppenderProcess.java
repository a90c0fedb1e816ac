package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * A second process for the multi-process tests: appends records to a file trail and prints the seq
 * of each acknowledged one. Arguments: file, mode, count, and optionally {@code crash-at-force=N},
 * which kills the process (no shutdown hooks, no cleanup) when the Nth fsync begins, that is after
 * the Nth batch was written but before it was forced, and {@code preallocate=BYTES}.
 */
public final class AuditAppenderProcess {
  private AuditAppenderProcess() {}

  public static void main(String[] args) {
    Path file = Path.of(args[0]);
    Sync sync = Sync.valueOf(args[1]);
    int count = Integer.parseInt(args[2]);
    int crashAt = -1;
    long preallocate = 0;
    for (int i = 3; i < args.length; i++) {
      if (args[i].startsWith("crash-at-force="))
        crashAt = Integer.parseInt(args[i].substring("crash-at-force=".length()));
      else if (args[i].startsWith("preallocate="))
        preallocate = Long.parseLong(args[i].substring("preallocate=".length()));
      else throw new IllegalArgumentException("unknown argument " + args[i]);
    }
    int crashAtForce = crashAt;
    FileAuditTrail.Opener opener =
        p ->
            new ScriptedDiskChannel(
                p,
                call -> {
                  if (call == crashAtForce) {
                    System.out.flush();
                    Runtime.getRuntime().halt(3);
                  }
                });
    try (FileAuditTrail trail =
        new FileAuditTrail(
            file, sync, Clock.systemUTC(), opener, FileLease.DEFAULT_NANOS, preallocate)) {
      String who = ProcessHandle.current().pid() + "";
      for (int i = 0; i < count; i++) {
        long seq =
            trail
                .append(
                    new AuditEvent(
                        "test.child", Map.of("process", who, "n", i, "tags", List.of("a", "b"))))
                .seq();
        System.out.println("acked " + seq);
      }
    }
    System.out.flush();
  }

  /** Starts this class in a new JVM with the test class path. */
  static Process start(Path out, String... args) throws IOException {
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) classPath = System.getProperty("java.class.path");
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-cp",
                classPath,
                AuditAppenderProcess.class.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
  }
}
