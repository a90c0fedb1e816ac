package dev.switchboard.examples.cli;

import dev.switchboard.error.ConfigException;
import dev.switchboard.error.SwitchboardException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code switchboard} tool.
 *
 * <pre>
 * java -jar examples/target/switchboard.jar chat --json "Summarize: patient stable, discharge home."
 * java -jar examples/target/switchboard.jar chat --stream --config switchboard.yaml --model triage "..."
 * java -jar examples/target/switchboard.jar config check switchboard.yaml
 * java -jar examples/target/switchboard.jar cost report --ledger switchboard-ledger.jsonl --by tag:department
 * </pre>
 *
 * <p>Exit codes: 0 success; 1 a call failed; 2 a usage, request or config error. Errors are one
 * line on stderr (a bad config prints each problem on its own line); answers go to stdout.
 */
@Command(
    name = "switchboard",
    mixinStandardHelpOptions = true,
    versionProvider = SwitchboardCli.Version.class,
    description = "Provider-neutral AI model calls with failover, cost tracking and compliance.",
    subcommands = {
      ChatCommand.class,
      EmbedCommand.class,
      ModelsCommand.class,
      ConfigCommand.class,
      CostCommand.class,
      AuditCommand.class
    })
public final class SwitchboardCli {
  /** Exit code of a failed call. */
  public static final int CALL_FAILED = 1;

  /** Exit code of a usage, request or config error. */
  public static final int USAGE = 2;

  public static void main(String[] args) {
    for (String a : args) {
      if (a.equals("--verbose") || a.equals("-v")) {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "debug");
        System.setProperty("org.slf4j.simpleLogger.log.dev.switchboard", "debug");
      }
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool in process; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter =
        new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter =
        new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine cli =
        new CommandLine(new SwitchboardCli())
            .setOut(outWriter)
            .setErr(errWriter)
            .setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, cmd.getErr()));
    int code = cli.execute(args);
    outWriter.flush();
    errWriter.flush();
    return code;
  }

  private static int fail(Exception e, PrintWriter err) {
    if (e instanceof ConfigException c) {
      err.println("switchboard: invalid config " + c.getMessage().lines().findFirst().orElse(""));
      for (String p : c.problems()) err.println("  " + p);
      return USAGE;
    }
    if (e instanceof SwitchboardException s) {
      err.println("switchboard: call failed: " + s.getMessage());
      return CALL_FAILED;
    }
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      err.println("switchboard: " + e.getMessage());
      return USAGE;
    }
    err.println(
        "switchboard: unexpected error ("
            + e.getClass().getName()
            + "); run with --verbose for details");
    return CALL_FAILED;
  }

  /** Reads the version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SwitchboardCli.class.getPackage().getImplementationVersion();
      return new String[] {"switchboard " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
