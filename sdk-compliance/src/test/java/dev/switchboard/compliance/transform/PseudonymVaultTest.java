package dev.switchboard.compliance.transform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class PseudonymVaultTest {
  private static final String NOTE =
      "Maria Gonzalez (MRN: 00482913) called 617-555-0142 on 03/09/2024. "
          + "Maria Gonzalez asked Dr. Okafor to call 617-555-0142 back.";
  private static final Pattern TOKEN = Pattern.compile("\u27E6([A-Z_]+)_([0-9A-Z]{5})\u27E7");

  private static String pseudonymize(PseudonymVault vault, String text) {
    return vault.pseudonymize(text, PhiDetector.defaultDetector().detect(text).findings());
  }

  @Test
  void replacesIdentifiersWithTypedTokensAndRestoresThemExactly() {
    PseudonymVault vault = new PseudonymVault();
    String masked = pseudonymize(vault, NOTE);
    assertThat(masked)
        .doesNotContain("Maria", "Gonzalez", "00482913", "617-555", "03/09", "Okafor");
    assertThat(masked)
        .containsPattern("\u27E6NAME_[0-9A-Z]{5}\u27E7")
        .containsPattern("\u27E6PHONE_")
        .containsPattern("\u27E6MRN_");
    assertThat(vault.restore(masked)).isEqualTo(NOTE);
    assertThat(vault.stats()).isEqualTo(new RestoreStats(7, 0, 0));
  }

  @Test
  void theSameValueGetsTheSameTokenWithinAVault() {
    PseudonymVault vault = new PseudonymVault();
    String masked = pseudonymize(vault, NOTE);
    assertThat(vault.size()).isEqualTo(5); // name, MRN, phone, date, Okafor
    assertThat(vault.tokenFor(FindingType.NAME, "maria  GONZALEZ"))
        .isEqualTo(vault.tokenFor(FindingType.NAME, "Maria Gonzalez"));
    Matcher m = TOKEN.matcher(masked);
    m.find();
    assertThat(masked.indexOf(m.group(), m.end())).isPositive();
  }

  @Test
  void tokensAreRandomNotDerivedFromTheValue() {
    String a = new PseudonymVault().tokenFor(FindingType.NAME, "Maria Gonzalez");
    String b = new PseudonymVault().tokenFor(FindingType.NAME, "Maria Gonzalez");
    String c = new PseudonymVault().tokenFor(FindingType.NAME, "Maria Gonzalez");
    assertThat(java.util.Set.of(a, b, c)).hasSize(3);
  }

  @Test
  void restoresLenientlyWhenTheModelChangesCaseOrBrackets() {
    PseudonymVault vault = new PseudonymVault();
    String token = vault.tokenFor(FindingType.NAME, "Maria Gonzalez");
    String bare = token.substring(1, token.length() - 1);
    String answer =
        "["
            + bare
            + "], [["
            + bare.toLowerCase()
            + "]], {"
            + bare
            + "}, "
            + bare
            + " and \u27E6 "
            + bare
            + " \u27E7.";
    assertThat(vault.restore(answer))
        .isEqualTo(
            "Maria Gonzalez, Maria Gonzalez, Maria Gonzalez, Maria Gonzalez and Maria Gonzalez.");
    assertThat(vault.stats()).isEqualTo(new RestoreStats(5, 5, 0));
  }

  @Test
  void inventedTokensAreFlaggedAndLeftNeverGuessed() {
    PseudonymVault vault = new PseudonymVault();
    String real = vault.tokenFor(FindingType.NAME, "Maria Gonzalez");
    String answer =
        real + " and her brother \u27E6NAME_QQQQQ\u27E7 and [PHONE_22222]; ICD_10 codes unchanged.";
    assertThat(vault.restore(answer))
        .isEqualTo(
            "Maria Gonzalez and her brother \u27E6NAME_QQQQQ\u27E7 and [PHONE_22222]; ICD_10 codes unchanged.");
    assertThat(vault.stats().unknown()).isEqualTo(2);
    assertThat(vault.stats().hasUnknown()).isTrue();
  }

  @Test
  void closeForgetsTheMapping() {
    PseudonymVault vault = new PseudonymVault();
    String token = vault.tokenFor(FindingType.SSN, "219-09-9998");
    vault.close();
    assertThat(vault.restore(token)).isEqualTo(token);
    assertThat(vault.size()).isZero();
  }

  @Test
  void toStringShowsCountsOnly() {
    PseudonymVault vault = new PseudonymVault();
    String token = vault.tokenFor(FindingType.NAME, "Maria Gonzalez");
    assertThat(vault.toString()).doesNotContain("Maria", token.substring(1, 6));
  }
}
