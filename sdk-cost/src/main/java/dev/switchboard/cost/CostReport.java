package dev.switchboard.cost;

import dev.switchboard.cost.internal.ReportRenderer;
import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Totals of ledger records, grouped by a tag, the model, the provider or the day, each an exact sum
 * per currency. Immutable.
 *
 * <pre>{@code
 * try (CostLedger ledger = CostLedger.file(Path.of("switchboard-ledger.jsonl"))) {
 *   CostReport report = CostReport.of(ledger, ReportGrouping.tag("department"), LocalDate.of(2026, 11, 1));
 *   System.out.println(report.render(CostReport.Format.TABLE));
 * }
 * }</pre>
 *
 * <p>Days are UTC days. A call counts once per group however many attempts it billed.
 *
 * @since 0.1
 */
public final class CostReport {
  /** How a report is rendered. */
  public enum Format {
    /** Aligned columns for a terminal. */
    TABLE,
    /** RFC 4180 CSV with a header line. */
    CSV,
    /** One JSON object with rows and totals; amounts as strings. */
    JSON
  }

  /**
   * One group's totals in one currency.
   *
   * @param group the group's value (a tag value, model, provider or day); {@code (none)} for
   *     records without the tag
   * @param currency the currency of {@code amount}
   * @param calls distinct calls
   * @param attempts billed attempts (ledger records)
   * @param inputTokens input tokens, cached included
   * @param outputTokens output tokens, reasoning included
   * @param amount the exact sum
   * @param estimated records whose cost was estimated
   * @param unpriced records without a price
   */
  public record Row(
      String group,
      String currency,
      long calls,
      long attempts,
      long inputTokens,
      long outputTokens,
      BigDecimal amount,
      long estimated,
      long unpriced) {}

  private final ReportGrouping grouping;
  private final LocalDate since;
  private final List<Row> rows;
  private final List<Row> totals;
  private final List<String> problems;

  private CostReport(
      ReportGrouping grouping,
      LocalDate since,
      List<Row> rows,
      List<Row> totals,
      List<String> problems) {
    this.grouping = grouping;
    this.since = since;
    this.rows = List.copyOf(rows);
    this.totals = List.copyOf(totals);
    this.problems = List.copyOf(problems);
  }

  /**
   * A report over the ledger's records from {@code since} (a UTC day; null for all); lines the
   * ledger could not read are listed in {@link #problems()}.
   */
  public static CostReport of(CostLedger ledger, ReportGrouping by, LocalDate since) {
    LedgerSnapshot snapshot =
        Checks.notNull(ledger, "ledger")
            .read(since == null ? null : since.atStartOfDay(ZoneOffset.UTC).toInstant());
    return of(snapshot, by, since);
  }

  /** A report over a snapshot's records from {@code since} (null for all). */
  public static CostReport of(LedgerSnapshot snapshot, ReportGrouping by, LocalDate since) {
    Checks.notNull(snapshot, "snapshot");
    Checks.notNull(by, "by");
    Map<List<String>, Accumulator> groups =
        new TreeMap<>(
            (a, b) -> {
              int c = a.get(0).compareTo(b.get(0));
              return c != 0 ? c : a.get(1).compareTo(b.get(1));
            });
    Map<String, Accumulator> byCurrency = new TreeMap<>();
    for (CostRecord r : snapshot.records()) {
      if (since != null && LocalDate.ofInstant(r.time(), ZoneOffset.UTC).isBefore(since)) continue;
      String currency = r.cost().currency();
      groups.computeIfAbsent(List.of(by.keyOf(r), currency), k -> new Accumulator()).add(r);
      byCurrency.computeIfAbsent(currency, k -> new Accumulator()).add(r);
    }
    List<Row> rows = new ArrayList<>();
    groups.forEach((k, acc) -> rows.add(acc.row(k.get(0), k.get(1))));
    List<Row> totals = new ArrayList<>();
    byCurrency.forEach((currency, acc) -> totals.add(acc.row("TOTAL", currency)));
    return new CostReport(by, since, rows, totals, snapshot.problems());
  }

  /** How the rows are grouped. */
  public ReportGrouping grouping() {
    return grouping;
  }

  /** The first day counted, if limited. */
  public Optional<LocalDate> since() {
    return Optional.ofNullable(since);
  }

  /** One row per group and currency, sorted by group. */
  public List<Row> rows() {
    return rows;
  }

  /** One total per currency. */
  public List<Row> totals() {
    return totals;
  }

  /** The row of a group in a currency. */
  public Optional<Row> row(String group, String currency) {
    return rows.stream()
        .filter(r -> r.group().equals(group) && r.currency().equals(currency))
        .findFirst();
  }

  /** Ledger lines that could not be read (torn writes), by line number. */
  public List<String> problems() {
    return problems;
  }

  /** The report as text in the given format. */
  public String render(Format format) {
    return ReportRenderer.render(this, Checks.notNull(format, "format"));
  }

  private static final class Accumulator {
    private final Set<String> calls = new HashSet<>();
    private long attempts;
    private long inputTokens;
    private long outputTokens;
    private BigDecimal amount = BigDecimal.ZERO;
    private long estimated;
    private long unpriced;

    void add(CostRecord r) {
      calls.add(r.callId());
      attempts++;
      inputTokens += r.usage().inputTokens();
      outputTokens += r.usage().outputTokens();
      amount = amount.add(r.cost().amount());
      if (r.cost().estimated()) estimated++;
      if (r.cost().unpriced()) unpriced++;
    }

    Row row(String group, String currency) {
      return new Row(
          group,
          currency,
          calls.size(),
          attempts,
          inputTokens,
          outputTokens,
          amount,
          estimated,
          unpriced);
    }
  }
}
