package dev.switchboard.compliance.detect;

import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a {@link PhiDetector} found in one text. Immutable and thread-safe.
 *
 * @param findings identifiers found, sorted by start, never overlapping
 * @param raisedSensitivity the HL7 sensitivity codes the text implies (only ever raise tags)
 * @param hits the lexicon hits behind {@code raisedSensitivity}
 * @since 0.1
 */
public record Detection(
    List<Finding> findings, Set<String> raisedSensitivity, List<SensitivityHit> hits) {
  private static final Detection EMPTY = new Detection(List.of(), Set.of(), List.of());

  /** Text order: by start, then by end. */
  private static final Comparator<Finding> BY_SPAN =
      Comparator.comparingInt(Finding::start).thenComparingInt(Finding::end);

  /**
   * Copies and sorts the findings by start.
   *
   * @throws IllegalArgumentException if a list holds null or two findings overlap
   */
  public Detection {
    findings = Checks.listCopy(findings, "Detection.findings");
    // The built-in detector hands them over in text order already: then the copy is all it costs.
    if (!inTextOrder(findings)) {
      List<Finding> sorted = new ArrayList<>(findings);
      sorted.sort(BY_SPAN);
      findings = List.copyOf(sorted);
    }
    for (int i = 1; i < findings.size(); i++) {
      if (findings.get(i - 1).overlaps(findings.get(i))) // the name is built only on failure
      throw new IllegalArgumentException(
            "Detection.findings[" + i + "]: overlaps the previous finding");
    }
    Checks.notNull(raisedSensitivity, "Detection.raisedSensitivity");
    if (raisedSensitivity.isEmpty()) {
      raisedSensitivity = Collections.emptySet(); // most texts raise nothing: no set per text
    } else {
      Set<String> codes = new LinkedHashSet<>();
      for (String code : raisedSensitivity)
        codes.add(Checks.notBlank(code, "Detection.raisedSensitivity"));
      raisedSensitivity = Collections.unmodifiableSet(codes);
    }
    hits = Checks.listCopy(hits, "Detection.hits");
  }

  private static boolean inTextOrder(List<Finding> findings) {
    for (int i = 1; i < findings.size(); i++) {
      if (BY_SPAN.compare(findings.get(i - 1), findings.get(i)) > 0) return false;
    }
    return true;
  }

  /** Nothing found. */
  public static Detection empty() {
    return EMPTY;
  }

  /** True if neither identifiers nor sensitive topics were found. */
  public boolean isEmpty() {
    return findings.isEmpty() && raisedSensitivity.isEmpty();
  }

  /** The number of findings of each type found at least once, in {@link FindingType} order. */
  public Map<FindingType, Integer> countsByType() {
    Map<FindingType, Integer> counts = new EnumMap<>(FindingType.class);
    for (Finding f : findings) counts.merge(f.type(), 1, Integer::sum);
    return Collections.unmodifiableMap(counts);
  }

  /** The findings of one type, in text order. */
  public List<Finding> findingsOf(FindingType type) {
    List<Finding> out = new ArrayList<>();
    for (Finding f : findings) if (f.type() == type) out.add(f);
    return Collections.unmodifiableList(out);
  }

  /** Counts only: never the text, never the sensitivity codes (a code can disclose a diagnosis). */
  @Override
  public String toString() {
    return "Detection[findings="
        + countsByType()
        + ", sensitivity="
        + raisedSensitivity.size()
        + " codes]";
  }
}
