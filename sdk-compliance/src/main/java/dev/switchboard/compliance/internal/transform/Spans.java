package dev.switchboard.compliance.internal.transform;

import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Puts caller-supplied findings in order and merges overlaps, so no part of a span can leak. */
public final class Spans {
  private Spans() {}

  /**
   * Sorted, non-overlapping copies of the findings. Overlapping findings merge into one span with
   * the type of the longer of the two.
   *
   * @throws IllegalArgumentException if the list or an element is null, or a span ends past {@code
   *     length}
   */
  public static List<Finding> normalize(List<Finding> findings, int length) {
    List<Finding> sorted =
        new ArrayList<>(Checks.listCopy(Checks.notNull(findings, "findings"), "findings"));
    for (int i = 0; i < sorted.size(); i++) {
      Checks.check(
          sorted.get(i).end() <= length,
          "findings[" + i + "].end",
          "lies past the end of the text");
    }
    sorted.sort(Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end));
    List<Finding> out = new ArrayList<>(sorted.size());
    for (Finding f : sorted) {
      Finding last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && f.start() < last.end()) {
        Finding longer = f.length() > last.length() ? f : last;
        out.set(
            out.size() - 1,
            new Finding(
                longer.type(),
                last.start(),
                Math.max(last.end(), f.end()),
                Math.max(last.confidence(), f.confidence()),
                longer.recognizer()));
      } else {
        out.add(f);
      }
    }
    return out;
  }
}
