package dev.switchboard.compliance.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactorTest {
  private static final Clock CLOCK_2025 =
      Clock.fixed(Instant.parse("2025-06-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String NOTE =
      "Dr. Okafor saw the 92-year-old on 03/09/2024 in Springfield, IL 62704; call 617-555-0142.";

  private static List<Finding> findings() {
    return PhiDetector.defaultDetector().detect(NOTE).findings();
  }

  @Test
  void typeMaskReplacesEachIdentifierWithItsType() {
    assertThat(Redactor.redact(NOTE, findings(), RedactionMode.TYPE_MASK, CLOCK_2025))
        .isEqualTo(
            "Dr. [NAME] saw the [AGE]-year-old on [DATE] in [ADDRESS], IL [ZIP]; call [PHONE].");
  }

  @Test
  void removeDeletesIdentifiers() {
    assertThat(Redactor.redact(NOTE, findings(), RedactionMode.REMOVE, CLOCK_2025))
        .isEqualTo("Dr.  saw the -year-old on  in , IL ; call .");
  }

  @Test
  void generalizeKeepsWhatSafeHarborAllows() {
    assertThat(Redactor.redact(NOTE, findings(), RedactionMode.GENERALIZE, CLOCK_2025))
        .isEqualTo("Dr. [NAME] saw the 90+-year-old on 2024 in [ADDRESS], IL 627; call [PHONE].");
  }

  @Test
  void generalizeTurnsLowPopulationZip3IntoZeros() {
    String text = "ZIP 03601 and ZIP 10001";
    assertThat(
            Redactor.redact(
                text,
                PhiDetector.defaultDetector().detect(text).findings(),
                RedactionMode.GENERALIZE,
                CLOCK_2025))
        .isEqualTo("ZIP 000 and ZIP 100");
  }

  @Test
  void generalizeTurnsABirthDateThatRevealsAnAgeOverEightyNineIntoNinetyPlus() {
    String text = "DOB 3/9/1931, seen 3/9/1990, admitted 4/2/21";
    assertThat(
            Redactor.redact(
                text,
                PhiDetector.defaultDetector().detect(text).findings(),
                RedactionMode.GENERALIZE,
                CLOCK_2025))
        .isEqualTo("DOB 90+, seen 1990, admitted 2021");
  }

  @Test
  void overlappingFindingsMergeSoNothingLeaks() {
    List<Finding> overlapping =
        List.of(
            new Finding(FindingType.NAME, 4, 10, 0.9, "a"),
            new Finding(FindingType.PHONE, 8, 14, 0.9, "b"));
    assertThat(Redactor.redact("abc ABCDEFGHIJ xyz", overlapping, RedactionMode.TYPE_MASK))
        .isEqualTo("abc [NAME] xyz");
  }

  @Test
  void rejectsSpansPastTheEndAndNulls() {
    assertThatThrownBy(
            () ->
                Redactor.redact(
                    "short",
                    List.of(new Finding(FindingType.NAME, 2, 9, 0.9, "a")),
                    RedactionMode.REMOVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("findings[0].end");
    assertThatThrownBy(() -> Redactor.redact(null, List.of(), RedactionMode.REMOVE))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
