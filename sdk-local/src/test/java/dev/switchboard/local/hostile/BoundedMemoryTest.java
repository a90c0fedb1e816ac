package dev.switchboard.local.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.spi.ResponseLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whatever a server sends, memory stays bounded: a child JVM with a 256 MB heap calls a hostile
 * loopback server (an endless JSON string, a huge JSON array, an endless SSE line, endless text
 * deltas, endless tool arguments) with the default limits, and every case ends with a {@link
 * dev.switchboard.error.ResponseTooLargeException} naming its limit, not an {@link
 * OutOfMemoryError} or a timeout, with the used heap after GC well under 100 MB.
 */
class BoundedMemoryTest {
  /** Only a safety cap for a hung child; no assertion depends on how long the cases take. */
  private static final long SAFETY_CAP_SECONDS = 300;

  @Test
  void hostileAnswersEndWithTheTypedErrorInASmallHeap(@TempDir Path dir)
      throws IOException, InterruptedException {
    String classPath = System.getProperty("surefire.test.class.path");
    if (classPath == null || classPath.isBlank()) classPath = System.getProperty("java.class.path");
    Path out = dir.resolve("child.out");
    Process child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-Djava.net.preferIPv4Stack=true",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-cp",
                classPath,
                HostileHeapMain.class.getName())
            .redirectErrorStream(true)
            .redirectOutput(out.toFile())
            .start();
    boolean ended = child.waitFor(SAFETY_CAP_SECONDS, TimeUnit.SECONDS);
    if (!ended) child.destroyForcibly();
    List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
    String all = String.join(System.lineSeparator(), lines);
    System.out.println(all); // kept in the surefire report: the heap figures of each case
    assertThat(ended).as("the child ended within the safety cap:%n%s", all).isTrue();
    assertThat(child.exitValue()).as(all).isZero();
    List<String> cases = lines.stream().filter(l -> l.startsWith("CASE ")).toList();
    assertThat(cases).as(all).hasSize(HostileHeapMain.CASES.size());
    assertCase(cases, "endless-json-string", ResponseLimits.MAX_RESPONSE_BYTES);
    assertCase(cases, "huge-json-array", ResponseLimits.MAX_RESPONSE_BYTES);
    assertCase(cases, "endless-sse-line", ResponseLimits.MAX_STREAM_LINE);
    assertCase(cases, "endless-deltas", ResponseLimits.MAX_STREAMED_TEXT);
    assertCase(cases, "huge-tool-arguments", ResponseLimits.MAX_TOOL_ARGUMENTS);
  }

  private static void assertCase(List<String> cases, String name, String limit) {
    String line =
        cases.stream().filter(l -> l.startsWith("CASE " + name + " ")).findFirst().orElseThrow();
    String[] f = line.split(" ");
    assertThat(f[2]).as(line).isEqualTo("ResponseTooLargeException");
    assertThat(f[3]).as(line).isEqualTo(limit);
    assertThat(Long.parseLong(f[4])).as("used heap MB after GC: " + line).isLessThan(100);
  }
}
