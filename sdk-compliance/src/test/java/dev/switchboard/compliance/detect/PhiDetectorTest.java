package dev.switchboard.compliance.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.KnownPatient;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PhiDetectorTest {
  private final PhiDetector detector = PhiDetector.defaultDetector();

  private List<String> found(String text, FindingType type) {
    return detector.detect(text).findingsOf(type).stream().map(f -> f.text(text)).toList();
  }

  @Nested
  class Formats {
    @Test
    void ssnWithDashesIsFoundButMixedSeparatorsAndUncuedInvalidAreasAreNot() {
      assertThat(found("SSN 219-09-9998 on file", FindingType.SSN)).containsExactly("219-09-9998");
      assertThat(found("SSN 219-09 9998 on file", FindingType.SSN)).isEmpty();
      assertThat(found("ref 666-09-9998 on file", FindingType.SSN)).isEmpty();
      assertThat(found("ref 111-11-1111 on file", FindingType.SSN)).isEmpty();
      // After an explicit cue the number is the SSN, whatever list it is on.
      assertThat(found("SSN 666-09-9998 on file", FindingType.SSN)).containsExactly("666-09-9998");
    }

    @Test
    void bareNineDigitsAreAnSsnOnlyWithACue() {
      assertThat(found("social security 219099998", FindingType.SSN)).containsExactly("219099998");
      assertThat(found("order 219099998 shipped", FindingType.SSN)).isEmpty();
    }

    @Test
    void phoneFormatsAndFaxByCue() {
      String text = "Call (617) 555-0142 or 617.555.0143, cell +1 617 555 0144. Fax: 617-555-0199.";
      assertThat(found(text, FindingType.PHONE))
          .containsExactly("(617) 555-0142", "617.555.0143", "+1 617 555 0144");
      assertThat(found(text, FindingType.FAX)).containsExactly("617-555-0199");
    }

    @Test
    void emailUrlAndIpAddresses() {
      String text =
          "Mail jo.doe+x@clinic.example.org, see https://portal.example.org/a?b=1 or www.example.com, host 10.0.0.12 and 2001:db8::7.";
      assertThat(found(text, FindingType.EMAIL)).containsExactly("jo.doe+x@clinic.example.org");
      assertThat(found(text, FindingType.URL))
          .containsExactly("https://portal.example.org/a?b=1", "www.example.com");
      assertThat(found(text, FindingType.IP_ADDRESS)).containsExactly("10.0.0.12", "2001:db8::7");
    }

    @ParameterizedTest
    @ValueSource(
        strings = {
          "3/9/1948",
          "03/09/1948",
          "1948-03-09",
          "March 9, 1948",
          "9 March 1948",
          "09-Mar-1948",
          "Mar. 9th",
          "09MAR1948",
          "3/9/48",
          "03/1948"
        })
    void datesInClinicalFormats(String date) {
      assertThat(found("Born " + date + ".", FindingType.DATE)).containsExactly(date);
    }

    @Test
    void dayMonthWithoutYearNeedsADateCueAndNoScaleAround() {
      assertThat(found("Seen on 3/14 in clinic.", FindingType.DATE)).containsExactly("3/14");
      assertThat(found("Pain 7/10, strength 5/5, murmur 2/6, Apgars 8/9.", FindingType.DATE))
          .isEmpty();
      assertThat(found("Started on 1/2 tab at night.", FindingType.DATE)).isEmpty();
    }

    @Test
    void agesOverEightyNineButNotYounger() {
      assertThat(
              found(
                  "A 92-year-old man; age 95; 97 y/o; 91yo; 89-year-old sister.",
                  FindingType.AGE_OVER_89))
          .containsExactly("92", "95", "97", "91");
    }

    @Test
    void zipNeedsAStateOrCue() {
      assertThat(found("Dayton, OH 45402-1234. ZIP 02114. Plt 45402.", FindingType.ZIP_CODE))
          .containsExactly("45402-1234", "02114");
    }

    @Test
    void checkDigitIdentifiers() {
      String text =
          "NPI 1234567893, DEA AB1234563, MBI 1EG4-TE5-MK73, VIN 1HGCM82633A004352, card 4111-1111-1111-1111.";
      assertThat(found(text, FindingType.NPI)).containsExactly("1234567893");
      assertThat(found(text, FindingType.DEA)).containsExactly("AB1234563");
      assertThat(found(text, FindingType.MBI)).containsExactly("1EG4-TE5-MK73");
      assertThat(found(text, FindingType.VEHICLE_ID)).containsExactly("1HGCM82633A004352");
      assertThat(found(text, FindingType.CARD_NUMBER)).containsExactly("4111-1111-1111-1111");
      assertThat(found("DEA AB1234564 and card 4111-1111-1111-1112", FindingType.DEA)).isEmpty();
    }

    @Test
    void recordNumbersByCue() {
      String text =
          "MRN: 00482913. Acct # 88-2341-77. Member ID W123456789. DL: D1234567. Serial no. SN-88213-X. Claim 2023-88123.";
      assertThat(found(text, FindingType.MRN)).containsExactly("00482913");
      assertThat(found(text, FindingType.ACCOUNT_NUMBER)).containsExactly("88-2341-77");
      assertThat(found(text, FindingType.HEALTH_PLAN_ID)).containsExactly("W123456789");
      assertThat(found(text, FindingType.LICENSE_NUMBER)).containsExactly("D1234567");
      assertThat(found(text, FindingType.DEVICE_ID)).containsExactly("SN-88213-X");
      assertThat(found(text, FindingType.OTHER_ID)).containsExactly("2023-88123");
    }

    @Test
    void sitePatternsFindRecordNumbersWithoutACue() {
      PhiDetector site = PhiDetector.builder().sitePattern(FindingType.MRN, "E\\d{7}").build();
      assertThat(site.detect("Transferred E1234567 to 4B.").findingsOf(FindingType.MRN)).hasSize(1);
      assertThat(detector.detect("Transferred E1234567 to 4B.").findings()).isEmpty();
    }

    @Test
    void streetAddressAndCity() {
      String text = "Lives at 1420 West Oak Street, Apt 4B, Springfield, IL 62704. PO Box 77.";
      assertThat(found(text, FindingType.STREET_ADDRESS))
          .containsExactly("1420 West Oak Street, Apt 4B, Springfield", "PO Box 77");
    }
  }

  @Nested
  class Names {
    @Test
    void namesByTitleRelationRoleAndSignature() {
      String text =
          "Seen by Dr. Okafor. His wife Marisol was present; son, Quentin Thistlewood, drove. "
              + "Signed by Ann Lee. Bettina Quaye, RN";
      assertThat(found(text, FindingType.NAME))
          .containsExactly("Okafor", "Marisol", "Quentin Thistlewood", "Ann Lee", "Bettina Quaye");
    }

    @Test
    void dictionaryNamesAndLastCommaFirst() {
      assertThat(
              found("Maria Gonzalez called. Chart for GONZALEZ, MARIA reviewed.", FindingType.NAME))
          .containsExactly("Maria Gonzalez", "GONZALEZ, MARIA");
    }

    @Test
    void eponymsDevicesAndHeadingsAreNotNames() {
      String text =
          "Parkinson disease, Foley catheter, Apgar 9, Glasgow Coma Scale 15, Babinski sign, Hodgkin lymphoma, "
              + "Crohn's disease, Alzheimer dementia, Cushing syndrome, Addison's disease, Graves disease, Bell's palsy, "
              + "Down syndrome, Swan-Ganz catheter, Holter monitor, Doppler study. Patient Education given. Murphy sign positive.";
      assertThat(detector.detect(text).findings()).isEmpty();
    }
  }

  @Nested
  class KnownPatientMatching {
    private final KnownPatient patient =
        KnownPatient.builder()
            .name("Maria", "Thistlewood")
            .mrn("00482913")
            .dateOfBirth(LocalDate.of(1948, 3, 9))
            .identifier("W-123-456")
            .build();

    @Test
    void findsNameVariantsInitialsMrnAndDateOfBirthFormats() {
      String text =
          "thistlewood, maria seen; M. Thistlewood called; Maria T. agreed. MRN 482913 and 004-829-13. "
              + "DOB 03/09/1948, also March 9, 1948. Member W123456.";
      Detection d = detector.detect(text, patient);
      List<String> names = d.findingsOf(FindingType.NAME).stream().map(f -> f.text(text)).toList();
      assertThat(names).containsExactly("thistlewood, maria", "M. Thistlewood", "Maria T.");
      assertThat(d.findingsOf(FindingType.MRN).stream().map(f -> f.text(text)))
          .containsExactly("482913", "004-829-13");
      assertThat(d.findingsOf(FindingType.DATE).stream().map(f -> f.text(text)))
          .containsExactly("03/09/1948", "March 9, 1948");
      assertThat(d.findings())
          .allSatisfy(f -> assertThat(f.confidence()).isGreaterThanOrEqualTo(0.85));
      assertThat(d.findingsOf(FindingType.OTHER_ID)).hasSize(1);
    }

    @Test
    void withoutThePatientANameWithoutCueIsMissed() {
      assertThat(detector.detect("thistlewood agreed to the plan").findings()).isEmpty();
    }
  }

  @Nested
  class Sensitivity {
    @Test
    void lexiconRaisesHl7SensitivityCodes() {
      assertThat(detector.detect("On methadone for opioid use disorder.").raisedSensitivity())
          .contains("SUD", "OPIOIDUD");
      assertThat(detector.detect("History of AUD, CIWA protocol.").raisedSensitivity())
          .contains("SUD", "ETHUD");
      assertThat(detector.detect("HIV on Biktarvy").raisedSensitivity()).containsExactly("HIV");
      assertThat(detector.detect("Schizophrenia with suicidal ideation").raisedSensitivity())
          .containsExactly("PSY");
      assertThat(detector.detect("Psychotherapy notes attached").raisedSensitivity())
          .containsExactly("PSYTHPN");
      assertThat(detector.detect("Treated for chlamydia and gonorrhea").raisedSensitivity())
          .containsExactly("STD");
      assertThat(detector.detect("Screened for intimate partner violence").raisedSensitivity())
          .containsExactly("SDV");
      assertThat(detector.detect("Requests pregnancy termination").raisedSensitivity())
          .contains("SEX");
    }

    @Test
    void caseSensitiveAcronymsDoNotFireOnOrdinaryWords() {
      assertThat(detector.detect("Uses hearing aids; aud. exam normal.").raisedSensitivity())
          .isEmpty();
      assertThat(detector.detect("Sodium 139, potassium 4.1").raisedSensitivity()).isEmpty();
    }
  }

  @Test
  void findingsAreSortedNonOverlappingAndPrintNoText() {
    String text = "Dr. Okafor, phone 617-555-0142, SSN 219-09-9998, DOB 3/9/1948.";
    Detection d = detector.detect(text);
    for (int i = 1; i < d.findings().size(); i++) {
      assertThat(d.findings().get(i).start()).isGreaterThanOrEqualTo(d.findings().get(i - 1).end());
    }
    assertThat(d.toString() + d.findings()).doesNotContain("Okafor", "617", "219-09", "1948");
    assertThat(detector.version()).contains("switchboard-phi");
  }

  @Test
  void isThreadSafe() throws Exception {
    String text =
        String.join(
            " ",
            new SyntheticCorpus(1).notes(20).stream().map(SyntheticCorpus.Note::text).toList());
    Detection expected = detector.detect(text);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<Detection>> runs = new java.util.ArrayList<>();
      for (int i = 0; i < 16; i++) runs.add(pool.submit(() -> detector.detect(text)));
      for (Future<Detection> run : runs) assertThat(run.get()).isEqualTo(expected);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void rejectsNullTextAndInvalidSitePatterns() {
    assertThatThrownBy(() -> detector.detect(null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PhiDetector.builder().sitePattern(FindingType.MRN, "("))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sitePattern.regex");
  }
}
