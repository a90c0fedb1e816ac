package dev.switchboard.examples.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParseResult;

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
 * <p>Exit codes: 0 success; 1 a failure that trying again will not fix; 2 a usage, request or
 * config error; 3 refused by the compliance policy; 4 refused by a budget; 5 a failure that may
 * pass later; 6 a broken audit chain. Errors are one line on stderr (a bad config prints each
 * problem on its own line), and with {@code --json} also one JSON document on stdout; answers go to
 * stdout.
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
  /** Exit code of a failure that trying again will not fix; see the README for every code. */
  public static final int CALL_FAILED = ExitCodes.FAILED;

  /** Exit code of a usage, request or config error. */
  public static final int USAGE = ExitCodes.USAGE;

  /** Exit code of a call the compliance policy refused. */
  public static final int POLICY_REFUSED = ExitCodes.POLICY_REFUSED;

  /** Exit code of a call a hard budget refused. */
  public static final int BUDGET_REFUSED = ExitCodes.BUDGET_REFUSED;

  /** Exit code of a failure that may pass if tried again later. */
  public static final int RETRYABLE = ExitCodes.RETRYABLE;

  /** Exit code of {@code audit verify} on a broken chain. */
  public static final int CHAIN_BROKEN = ExitCodes.CHAIN_BROKEN;

  public static void main(String[] args) {
    for (String a : args) {
      // Switchboard's own decisions only: third-party libraries stay at error level.
      if (a.equals("--verbose") || a.equals("-v"))
        System.setProperty("org.slf4j.simpleLogger.log.dev.switchboard", "debug");
    }
    System.exit(run(args, System.out, System.err));
  }

  /** Runs the tool in process; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter outWriter =
        new PrintWriter(new java.io.OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter errWriter =
        new PrintWriter(new java.io.OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    boolean verbose =
        Arrays.asList(args).contains("-v") || Arrays.asList(args).contains("--verbose");
    CommandLine cli =
        new CommandLine(new SwitchboardCli())
            .setOut(outWriter)
            .setErr(errWriter)
            .setParameterExceptionHandler(
                (e, a) -> {
                  Failure f = Failure.of(e);
                  if (wantsJson(a)) outWriter.println(Json.write(f.json()));
                  f.lines().forEach(errWriter::println);
                  if (!wantsJson(a)) {
                    errWriter.println(
                        "Try '"
                            + e.getCommandLine().getCommandSpec().qualifiedName()
                            + " --help' for more information.");
                  }
                  return f.exitCode();
                })
            .setExecutionExceptionHandler(
                (e, cmd, parsed) -> fail(e, parsed, outWriter, errWriter, verbose));
    int code = cli.execute(args);
    outWriter.flush();
    errWriter.flush();
    return code;
  }

  private static int fail(
      Exception e, ParseResult parsed, PrintWriter out, PrintWriter err, boolean verbose) {
    Failure f = Failure.of(e);
    if (wantsJson(parsed)) out.println(Json.write(f.json()));
    f.lines().forEach(err::println);
    if (verbose) {
      // The chain of causes by class, one line each: enough to tell a refused connection from a
      // TLS failure, without a third-party stack trace or a server's text.
      for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
        err.println("  caused by " + c.getClass().getName());
      }
    }
    return f.exitCode();
  }

  /** Whether the command that ran asked for JSON (the innermost subcommand's {@code --json}). */
  private static boolean wantsJson(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption("--json")
          || "json"
              .equals(p.hasMatchedOption("--format") ? p.matchedOptionValue("--format", "") : "")) {
        return true;
      }
    }
    return false;
  }

  /** For a parse failure, where no parse result is whole: the raw arguments. */
  private static boolean wantsJson(String[] args) {
    return Arrays.asList(args).contains("--json");
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
