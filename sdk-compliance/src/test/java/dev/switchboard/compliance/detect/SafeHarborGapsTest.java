package dev.switchboard.compliance.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.transform.PseudonymVault;
import dev.switchboard.compliance.transform.RedactionMode;
import dev.switchboard.compliance.transform.Redactor;
import dev.switchboard.compliance.transform.StreamRestorer;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Safe Harbor gaps of issue 11, one behaviour per test, with the default detector. */
class SafeHarborGapsTest {
  static final PhiDetector DETECTOR = PhiDetector.defaultDetector();
  static final Clock DEC_5_2026 =
      Clock.fixed(Instant.parse("2026-12-05T12:00:00Z"), ZoneOffset.UTC);

  static List<String> spans(String text, FindingType type) {
    return DETECTOR.detect(text).findings().stream()
        .filter(f -> f.type() == type)
        .map(f -> f.text(text))
        .toList();
  }

  static String generalize(String text) {
    return Redactor.redact(
        text, DETECTOR.detect(text).findings(), RedactionMode.GENERALIZE, DEC_5_2026);
  }

  // --- possessives ---------------------------------------------------------------------------

  @Test
  void aPossessiveSuffixIsNotPartOfTheName() {
    String text =
        "Dr. Okafor's plan was reviewed. Maria Gonzalez\u2019s daughter called Dr. Okafor.";
    assertThat(spans(text, FindingType.NAME)).containsExactly("Okafor", "Maria Gonzalez", "Okafor");
  }

  @Test
  void onePersonKeepsOnePseudonymAndTheSuffixSurvivesRestoration() {
    String text = "Dr. Okafor's plan: Dr. Okafor will call. Mrs. Reyes's son agreed.";
    try (PseudonymVault vault = new PseudonymVault()) {
      String sent = vault.pseudonymize(text, DETECTOR.detect(text).findings());
      assertThat(sent).doesNotContain("Okafor", "Reyes").contains("\u27e7's plan", "\u27e7's son");
      assertThat(vault.size()).isEqualTo(2);
      assertThat(vault.restore(sent)).isEqualTo(text);
      StreamRestorer stream = vault.streamRestorer();
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < sent.length(); i += 2)
        out.append(stream.accept(sent.substring(i, Math.min(sent.length(), i + 2))));
      out.append(stream.finish());
      assertThat(out.toString()).isEqualTo(text);
    }
  }

  @Test
  void eponymsWithAPossessiveStayUnflagged() {
    assertThat(
            DETECTOR.detect("History of Parkinson's disease and Crohn\u2019s disease.").findings())
        .isEmpty();
  }

  // --- ages in words -------------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "A ninety-one year old woman fell.|ninety-one",
        "A ninety one years old man.|ninety one",
        "She is ninety-four y/o and independent.|ninety-four",
        "ninety two yo female with CHF|ninety two",
        "A ninety-three-year-old man.|ninety-three",
        "Aged ninety-six, lives alone.|ninety-six",
        "He is one hundred and two years old.|one hundred and two",
        "A one hundred year old veteran.|one hundred",
        "She is ninety years old.|ninety"
      })
  void agesOverEightyNineInWordsAreFoundAndGeneralized(String testCase) {
    String text = testCase.split("\\|")[0];
    String age = testCase.split("\\|")[1];
    assertThat(spans(text, FindingType.AGE_OVER_89)).containsExactly(age);
    assertThat(generalize(text)).contains("90+").doesNotContain(age);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Walked for ninety minutes.",
        "Gave one hundred mg of iron.",
        "Ninety percent of the dose was absorbed."
      })
  void numberWordsThatAreNotAgesAreNotFlagged(String text) {
    assertThat(spans(text, FindingType.AGE_OVER_89)).isEmpty();
  }

  // --- dates of birth over 89 ----------------------------------------------------------------

  @Test
  void aDateOfBirthThatPutsThePatientOverEightyNineBecomesNinetyPlus() {
    assertThat(generalize("DOB: 03/14/1931. Seen today.")).isEqualTo("DOB: 90+. Seen today.");
    assertThat(generalize("Born March 3, 1929 in Ohio.")).contains("Born 90+ in");
    assertThat(generalize("Date of birth 1934-02-01.")).isEqualTo("Date of birth 90+.");
  }

  @Test
  void aDateOfBirthUnderNinetyKeepsItsYear() {
    // 89 years and 11 months on the clock's date: not over 89.
    assertThat(generalize("DOB: 12/20/1936.")).isEqualTo("DOB: 1936.");
    assertThat(generalize("DOB: 07/04/1980.")).isEqualTo("DOB: 1980.");
  }

  @Test
  void anOldDateThatIsNotABirthDateIsStillMasked() {
    assertThat(generalize("Admitted 03/14/1931 to the sanatorium.")).contains("[DATE]");
  }

  // --- device identifiers --------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Pacemaker S/N: AB12345 interrogated.|AB12345",
        "Pump s/n 88213-X4 replaced.|88213-X4",
        "Generator SN 4471829 checked.|4471829",
        "Serial: XK-9930211 logged.|XK-9930211",
        "Scanned (01)00884838000780(17)280101(10)A12345 at the bedside.|(01)00884838000780(17)280101(10)A12345",
        "Stent box reads +H123PROD12341/$$3280101LOT12U in the log.|+H123PROD12341/$$3280101LOT12U"
      })
  void deviceIdentifiersAreFound(String testCase) {
    String text = testCase.split("\\|")[0];
    String id = testCase.split("\\|")[1];
    assertThat(spans(text, FindingType.DEVICE_ID)).containsExactly(id);
  }

  @Test
  void aUdiWithAWrongCheckDigitNeedsADeviceCue() {
    String bad = "(01)00884838000781(10)A12345";
    assertThat(spans("Scanned " + bad + " today.", FindingType.DEVICE_ID)).isEmpty();
    assertThat(spans("Implant UDI " + bad + " today.", FindingType.DEVICE_ID)).containsExactly(bad);
  }

  // --- cued identifiers ----------------------------------------------------------------------

  @ParameterizedTest
  @ValueSource(
      strings = {
        "SSN: 123-45-6789 given.|SSN|123-45-6789",
        "Social security number 078-05-1120.|SSN|078-05-1120",
        "SSN 219099999 on file.|SSN|219099999",
        "MRN: 123-45-6789 per registration.|MRN|123-45-6789",
        "Member ID 4111111111111111 on the card.|HEALTH_PLAN_ID|4111111111111111",
        "Account number 4111 1111 1111 1111 on the statement.|ACCOUNT_NUMBER|4111 1111 1111 1111",
        "Acct. No. 5555-5555-5555-4444 past due.|ACCOUNT_NUMBER|5555-5555-5555-4444"
      })
  void aCuedIdentifierIsThatIdentifierEvenWithAPublishedExampleNumber(String testCase) {
    String[] p = testCase.split("\\|");
    assertThat(spans(p[0], FindingType.valueOf(p[1]))).containsExactly(p[2]);
  }

  @Test
  void aBarePublishedExampleNumberIsNotAnSsn() {
    assertThat(spans("The form shows 123-45-6789 as an example.", FindingType.SSN)).isEmpty();
  }

  // --- unissued tokens -----------------------------------------------------------------------

  @Test
  void tokensTheVaultNeverIssuedAreCountedWithTheirTypesAndLeftAsTheyAre() {
    try (PseudonymVault vault = new PseudonymVault()) {
      String issued = vault.tokenFor(FindingType.NAME, "Okafor");
      String answer = issued + " and \u27e6SSN_BCDFG\u27e7 and MRN_HJKMN but not case_12345.";
      String restored = vault.restore(answer);
      assertThat(restored)
          .isEqualTo("Okafor and \u27e6SSN_BCDFG\u27e7 and MRN_HJKMN but not case_12345.");
      assertThat(vault.stats().unknown()).isEqualTo(2);
      assertThat(vault.unknownTypes()).containsExactlyInAnyOrder(FindingType.SSN, FindingType.MRN);
    }
  }

  @Test
  void everyFindingTypeHasADistinctTokenLabel() {
    Set<String> labels =
        java.util.Arrays.stream(FindingType.values())
            .map(FindingType::label)
            .collect(Collectors.toSet());
    assertThat(labels).hasSize(FindingType.values().length);
  }
}
