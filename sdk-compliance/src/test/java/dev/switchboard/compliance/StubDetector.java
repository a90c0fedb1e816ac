package dev.switchboard.compliance;

import dev.switchboard.compliance.detect.Detection;
import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.detect.SensitivityHit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deterministic detector for pipeline tests, so they test the pipeline and not detection quality.
 */
final class StubDetector implements PhiDetector {
  private static final Map<FindingType, Pattern> PATTERNS =
      Map.of(
          FindingType.SSN, Pattern.compile("\\b\\d{3}-\\d{2}-\\d{4}\\b"),
          FindingType.MRN, Pattern.compile("\\bMRN-\\d{5,}\\b"),
          FindingType.NAME, Pattern.compile("\\b(?:Jane Roe|John Smith|Ada Quill)\\b"),
          FindingType.EMAIL, Pattern.compile("\\b[\\w.]+@[\\w.]+\\.[a-z]{2,}\\b"),
          FindingType.DATE, Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}\\b"));

  @Override
  public Detection detect(String text, KnownPatient patientOrNull) {
    List<Finding> found = new ArrayList<>();
    for (Map.Entry<FindingType, Pattern> e : PATTERNS.entrySet()) {
      Matcher m = e.getValue().matcher(text);
      while (m.find())
        found.add(new Finding(e.getKey(), m.start(), m.end(), 0.9, "stub-" + e.getKey()));
    }
    found.sort((a, b) -> Integer.compare(a.start(), b.start()));
    List<Finding> kept = new ArrayList<>();
    for (Finding f : found) {
      if (kept.isEmpty() || !kept.get(kept.size() - 1).overlaps(f)) kept.add(f);
    }
    Set<String> codes = new LinkedHashSet<>();
    List<SensitivityHit> hits = new ArrayList<>();
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.contains("methadone")) codes.addAll(List.of("SUD", "OPIOIDUD"));
    if (text.contains("HIV")) codes.add("HIV");
    for (String c : codes) hits.add(new SensitivityHit(c, "stub-lexicon"));
    return new Detection(kept, codes, hits);
  }

  @Override
  public String version() {
    return "stub-1";
  }
}
