package dev.switchboard.cost.internal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cost.CostReport;
import dev.switchboard.usage.Cost;
import java.util.ArrayList;
import java.util.List;

/** Renders a {@link CostReport} as a table, CSV or JSON. Amounts are exact, never rounded. */
public final class ReportRenderer {
  private static final String[] COLUMNS = {
    "currency",
    "calls",
    "attempts",
    "input tokens",
    "output tokens",
    "cost",
    "estimated",
    "unpriced"
  };

  private ReportRenderer() {}

  public static String render(CostReport report, CostReport.Format format) {
    switch (format) {
      case CSV:
        return csv(report);
      case JSON:
        return json(report);
      default:
        return table(report);
    }
  }

  private static List<String> cells(CostReport.Row r) {
    return List.of(
        r.group(),
        r.currency(),
        Long.toString(r.calls()),
        Long.toString(r.attempts()),
        Long.toString(r.inputTokens()),
        Long.toString(r.outputTokens()),
        Cost.formatAmount(r.amount()),
        Long.toString(r.estimated()),
        Long.toString(r.unpriced()));
  }

  private static String table(CostReport report) {
    List<List<String>> lines = new ArrayList<>();
    List<String> header = new ArrayList<>();
    header.add(report.grouping().heading());
    header.addAll(List.of(COLUMNS));
    lines.add(header);
    report.rows().forEach(r -> lines.add(cells(r)));
    int[] width = new int[header.size()];
    List<List<String>> all = new ArrayList<>(lines);
    report.totals().forEach(r -> all.add(cells(r)));
    for (List<String> line : all) {
      for (int i = 0; i < line.size(); i++) width[i] = Math.max(width[i], line.get(i).length());
    }
    StringBuilder sb = new StringBuilder();
    for (List<String> line : lines) appendRow(sb, line, width);
    int total = 0;
    for (int w : width) total += w + 2;
    sb.append("-".repeat(Math.max(0, total - 2))).append('\n');
    report.totals().forEach(r -> appendRow(sb, cells(r), width));
    if (report.rows().isEmpty())
      sb.append("(no records")
          .append(report.since().map(d -> " since " + d).orElse(""))
          .append(")\n");
    for (String p : report.problems()) sb.append("warning: ledger ").append(p).append('\n');
    return sb.toString();
  }

  private static void appendRow(StringBuilder sb, List<String> cells, int[] width) {
    StringBuilder line = new StringBuilder();
    for (int i = 0; i < cells.size(); i++) {
      String cell = cells.get(i);
      boolean left = i <= 1;
      String pad = " ".repeat(width[i] - cell.length());
      line.append(left ? cell + pad : pad + cell);
      if (i < cells.size() - 1) line.append("  ");
    }
    sb.append(line.toString().stripTrailing()).append('\n');
  }

  private static String csv(CostReport report) {
    StringBuilder sb = new StringBuilder();
    sb.append(quote(report.grouping().label()))
        .append(",currency,calls,attempts,input_tokens,output_tokens,cost,estimated,unpriced\r\n");
    report.rows().forEach(r -> sb.append(String.join(",", quoted(cells(r)))).append("\r\n"));
    report.totals().forEach(r -> sb.append(String.join(",", quoted(cells(r)))).append("\r\n"));
    return sb.toString();
  }

  private static List<String> quoted(List<String> cells) {
    List<String> out = new ArrayList<>(cells.size());
    for (String c : cells) out.add(quote(c));
    return out;
  }

  private static String quote(String cell) {
    boolean needs =
        cell.indexOf(',') >= 0
            || cell.indexOf('"') >= 0
            || cell.indexOf('\n') >= 0
            || cell.indexOf('\r') >= 0;
    return needs ? '"' + cell.replace("\"", "\"\"") + '"' : cell;
  }

  private static String json(CostReport report) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("groupBy", report.grouping().label());
    report.since().ifPresentOrElse(d -> o.put("since", d.toString()), () -> o.putNull("since"));
    ArrayNode rows = o.putArray("rows");
    report.rows().forEach(r -> rows.add(row(r)));
    ArrayNode totals = o.putArray("totals");
    report
        .totals()
        .forEach(
            r -> {
              ObjectNode t = row(r);
              t.remove("group");
              totals.add(t);
            });
    ArrayNode problems = o.putArray("problems");
    report.problems().forEach(problems::add);
    return Json.write(o) + "\n";
  }

  private static ObjectNode row(CostReport.Row r) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("group", r.group());
    n.put("currency", r.currency());
    n.put("calls", r.calls());
    n.put("attempts", r.attempts());
    n.put("inputTokens", r.inputTokens());
    n.put("outputTokens", r.outputTokens());
    n.put("cost", r.amount().toPlainString());
    n.put("estimated", r.estimated());
    n.put("unpriced", r.unpriced());
    return n;
  }
}
