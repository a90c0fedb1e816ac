package dev.switchboard.examples.cluster;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.examples.cli.SwitchboardCli;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the multi-JVM tests share: spawning worker JVMs on this test's class path, reading their
 * stdout lines with a bound on every wait, counting what reached the vendor stub, and running
 * {@code switchboard audit verify} on the shared database.
 */
final class ClusterProcesses {
  private ClusterProcesses() {}

  /** A worker JVM and the lines it printed on stdout, read by a daemon thread. */
  record Worker(Process process, BlockingQueue<String> lines) {}

  /**
   * Starts {@code main} in a JVM of its own; its stderr (a WARN line per refused call, say) goes to
   * {@code log}.
   */
  static Worker spawn(Class<?> main, Path log, String... args) throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>();
    command.add(java.toString());
    command.add("-Xmx256m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) lines.add(line);
              } catch (java.io.IOException e) {
                lines.add("EOF " + e.getClass().getSimpleName());
              }
              lines.add("EOF");
            });
    reader.setDaemon(true);
    reader.start();
    return new Worker(p, lines);
  }

  /** The worker's next line starting with {@code prefix}, skipping others; bounded in time. */
  static String next(Worker w, String prefix) throws InterruptedException {
    while (true) {
      String line = w.lines().poll(90, TimeUnit.SECONDS);
      assertThat(line).as("worker said nothing for 90 s (waiting for %s)", prefix).isNotNull();
      if (line.startsWith(prefix)) return line;
      assertThat(line).as("worker ended before %s", prefix).isNotEqualTo("EOF");
    }
  }

  /** Chat completions the Foundry stub received. */
  static int vendorCalls(WireMockServer vendor) {
    return vendor.findAll(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))).size();
  }

  /** {@code switchboard audit verify --config CONFIG} exits 0 and says the chain is intact. */
  static void assertAuditIntact(Path config) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        SwitchboardCli.run(
            new String[] {"audit", "verify", "--config", config.toString()},
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("intact");
  }
}
