package dev.switchboard.examples.cli;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostReport;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.cost.ReportGrouping;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code switchboard cost}: work with the cost ledger. */
@Command(
    name = "cost",
    mixinStandardHelpOptions = true,
    description = "Work with the cost ledger.",
    subcommands = CostCommand.Report.class)
final class CostCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return SwitchboardCli.USAGE;
  }

  /**
   * {@code switchboard cost report}: totals from a ledger file or database, grouped by a tag,
   * model, provider or day, as a table, CSV or JSON. Amounts are exact.
   */
  @Command(
      name = "report",
      mixinStandardHelpOptions = true,
      description =
          "Totals from the cost ledger, grouped by a tag, the model, the provider or the day.")
  static final class Report implements Callable<Integer> {
    @Spec CommandSpec spec;

    @ArgGroup(exclusive = true)
    Source source;

    static final class Source {
      @Option(names = "--ledger", paramLabel = "FILE", description = "A JSON-lines ledger file.")
      Path ledger;

      @Option(
          names = {"--jdbc-url", "--jdbc"},
          paramLabel = "URL",
          description = "A JDBC URL of the ledger database (--jdbc is a deprecated spelling).")
      String jdbc;

      @Option(
          names = "--config",
          paramLabel = "FILE",
          description = "Read the ledger named in this config file.")
      Path config;
    }

    @Mixin DatabaseOptions database;

    @Option(
        names = "--by",
        paramLabel = "GROUPING",
        defaultValue = "model",
        description = "tag:KEY, model, logical-model, provider or day (default: ${DEFAULT-VALUE}).")
    String by;

    @Option(
        names = "--since",
        paramLabel = "DATE",
        description = "Count records from this UTC day on (YYYY-MM-DD).")
    String since;

    @Option(names = "--json", description = "Print the report as one JSON object (--format json).")
    boolean json;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        defaultValue = "table",
        description = "table, csv or json (default: ${DEFAULT-VALUE}).")
    String format;

    @Override
    public Integer call() {
      ReportGrouping grouping = ReportGrouping.parse(by);
      CostReport.Format f = json ? CostReport.Format.JSON : format(format);
      LocalDate from = day(since);
      LedgerSnapshot snapshot =
          read(from == null ? null : from.atStartOfDay(ZoneOffset.UTC).toInstant());
      CostReport report = CostReport.of(snapshot, grouping, from);
      PrintWriter out = spec.commandLine().getOut();
      if (f == CostReport.Format.JSON) out.println(Json.write(json(report)));
      else out.print(report.render(f));
      out.flush();
      if (f != CostReport.Format.TABLE) {
        for (String p : report.problems())
          spec.commandLine().getErr().println("switchboard: warning: ledger " + p);
      }
      return 0;
    }

    /** The report in the tool's JSON style: costs in the same shape as {@code chat --json}. */
    private static Map<String, Object> json(CostReport report) {
      Map<String, Object> out = Json.document();
      out.put("groupBy", report.grouping().label());
      out.put("since", report.since().map(LocalDate::toString).orElse(null));
      List<Map<String, Object>> rows = new ArrayList<>();
      report.rows().forEach(r -> rows.add(row(r, true)));
      out.put("rows", rows);
      List<Map<String, Object>> totals = new ArrayList<>();
      report.totals().forEach(r -> totals.add(row(r, false)));
      out.put("totals", totals);
      out.put("problems", report.problems());
      return out;
    }

    private static Map<String, Object> row(CostReport.Row r, boolean withGroup) {
      Map<String, Object> m = new LinkedHashMap<>();
      if (withGroup) m.put("group", r.group());
      m.put("calls", r.calls());
      m.put("attempts", r.attempts());
      m.put("inputTokens", r.inputTokens());
      m.put("outputTokens", r.outputTokens());
      m.put("cost", Json.cost(r.amount(), r.currency(), r.estimated() > 0, r.unpriced() > 0));
      m.put("estimatedRecords", r.estimated());
      m.put("unpricedRecords", r.unpriced());
      return m;
    }

    private LedgerSnapshot read(Instant from) {
      if (source != null && source.ledger != null)
        return CostLedger.readFile(UsageError.existingFile("--ledger", source.ledger), from);
      LedgerSettings settings;
      if (source != null && source.jdbc != null) {
        settings = LedgerSettings.jdbc(database.settings(source.jdbc));
      } else if (source != null && source.config != null) {
        settings =
            CostTracking.from(
                    SwitchboardConfig.load(UsageError.existingFile("--config", source.config)))
                .map(c -> c.settings().ledger())
                .orElse(LedgerSettings.none());
      } else {
        throw new IllegalArgumentException(
            "no ledger: give --ledger FILE, --jdbc-url URL or --config FILE");
      }
      if (settings.kind() == LedgerSettings.Kind.NONE) {
        throw new IllegalArgumentException(
            "the config names no ledger; give --ledger FILE or --jdbc-url URL");
      }
      if (settings.kind() == LedgerSettings.Kind.FILE)
        return CostLedger.readFile(settings.path().orElseThrow(), from);
      try (CostLedger ledger = CostLedger.open(settings)) {
        return ledger.read(from);
      }
    }

    private static CostReport.Format format(String text) {
      try {
        return CostReport.Format.valueOf(text.toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        throw UsageError.of("--format", text, "must be table, csv or json");
      }
    }

    private static LocalDate day(String text) {
      if (text == null) return null;
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        throw UsageError.of("--since", text, "must be a date such as 2026-11-01");
      }
    }
  }
}
