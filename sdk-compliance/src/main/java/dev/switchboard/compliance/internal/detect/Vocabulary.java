package dev.switchboard.compliance.internal.detect;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Every word the recognizers care about, with what it means to them as bit flags, in one map so a
 * word token is looked up once. Small closed sets live here; the name dictionaries and the clinical
 * stop-list are resources next to this class.
 */
final class Vocabulary {
  static final long TITLE = 1L;
  static final long NAME_CUE = 1L << 1;
  static final long BY_VERB = 1L << 2;
  static final long FIRST_NAME = 1L << 3;
  static final long LAST_NAME = 1L << 4;
  static final long STOP = 1L << 5;
  static final long COMMON = 1L << 6;
  static final long MONTH = 1L << 7;
  static final long STATE_ABBR = 1L << 8;
  static final long STATE_NAME = 1L << 9;
  static final long STREET_SUFFIX = 1L << 10;
  static final long CREDENTIAL = 1L << 11;
  static final long CUE_MRN = 1L << 12;
  static final long CUE_ACCOUNT = 1L << 13;
  static final long CUE_PLAN = 1L << 14;
  static final long CUE_LICENSE = 1L << 15;
  static final long CUE_DEVICE = 1L << 16;
  static final long CUE_OTHER_ID = 1L << 17;
  static final long CUE_SSN = 1L << 18;
  static final long CUE_PHONE = 1L << 19;
  static final long CUE_FAX = 1L << 20;
  static final long CUE_DATE = 1L << 21;
  static final long CUE_ZIP = 1L << 22;
  static final long CUE_AGE = 1L << 23;
  static final long CUE_NPI = 1L << 24;
  static final long CUE_DEA = 1L << 25;
  static final long NOT_DATE = 1L << 26;
  static final long AGE_UNIT = 1L << 27;
  static final long CUE_VEHICLE = 1L << 28;
  static final long ID_FILLER = 1L << 29;
  static final long CUE_CARD = 1L << 30;
  static final long CUE_IP = 1L << 31;
  static final long EPONYM_HEAD = 1L << 32;
  static final long URL_START = 1L << 33;
  static final long TLD = 1L << 34;
  static final long UNIT = 1L << 35;
  static final long CUE_PLACE = 1L << 36;
  static final long ADDRESS_UNIT = 1L << 37;
  static final long DIRECTION = 1L << 38;
  static final long CUE_EMAIL = 1L << 39;
  static final long CUE_URL = 1L << 40;

  /** The first word of a sensitivity lexicon term. */
  static final long SENSITIVE = 1L << 41;

  /**
   * A common English word (SCOWL small): after a cue, such a word is a name only if the name
   * dictionaries say so.
   */
  static final long ENGLISH = 1L << 42;

  /** "ninety" and "hundred": an age written in words may follow. */
  static final long AGE_WORD = 1L << 43;

  /** Bits 48..51 hold a month's number (1..12). */
  static final int MONTH_SHIFT = 48;

  /** Cue flags that announce an identifier written after them. */
  static final long ID_CUES =
      CUE_MRN | CUE_ACCOUNT | CUE_PLAN | CUE_LICENSE | CUE_DEVICE | CUE_OTHER_ID | CUE_VEHICLE;

  static final WordMap WORDS = build();

  private Vocabulary() {}

  static int month(long flags) {
    return (int) ((flags >>> MONTH_SHIFT) & 0xF);
  }

  private static WordMap build() {
    WordMap m = new WordMap(50_000);
    add(m, TITLE, "mr mrs ms miss mx dr prof doctor");
    add(
        m,
        NAME_CUE,
        "patient pt pt's patient's name son daughter wife husband mother father brother sister spouse partner"
            + " friend neighbor neighbour caregiver guardian grandson granddaughter grandmother grandfather niece nephew aunt uncle"
            + " boyfriend girlfriend fiance fiancee mom dad stepson stepdaughter attending pcp physician provider nurse resident"
            + " author cc surgeon therapist counselor counsellor pharmacist contact emergency");
    add(
        m,
        BY_VERB,
        "seen signed cosigned dictated referred accompanied reviewed examined evaluated transcribed authored"
            + " performed verified approved visited interpreted read attested electronically called");
    add(m, MONTH, "");
    String[][] months = {
      {"january", "jan"},
      {"february", "feb"},
      {"march", "mar"},
      {"april", "apr"},
      {"may"},
      {"june", "jun"},
      {"july", "jul"},
      {"august", "aug"},
      {"september", "sep", "sept"},
      {"october", "oct"},
      {"november", "nov"},
      {"december", "dec"}
    };
    for (int i = 0; i < months.length; i++)
      for (String w : months[i]) m.add(w, MONTH | ((long) (i + 1) << MONTH_SHIFT));
    add(
        m,
        STATE_ABBR,
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND"
            + " OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY PR");
    add(
        m,
        STATE_NAME,
        "alabama alaska arizona arkansas california colorado connecticut delaware florida georgia hawaii idaho"
            + " illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi missouri"
            + " montana nebraska nevada ohio oklahoma oregon pennsylvania tennessee texas utah vermont virginia washington wisconsin wyoming");
    add(
        m,
        STREET_SUFFIX,
        "street st avenue ave road rd boulevard blvd lane ln drive dr court ct way place pl terrace ter circle cir"
            + " parkway pkwy highway hwy square sq trail trl plaza loop row pike");
    add(m, ADDRESS_UNIT, "apt apartment unit suite ste room rm floor fl bldg building");
    add(m, DIRECTION, "n s e w ne nw se sw north south east west");
    add(
        m,
        CREDENTIAL,
        "md do rn np pa phd dds dmd lpn msw lcsw pharmd cnm crna fnp aprn dnp mph pa-c lmft psyd bsn mbbs facp");
    add(m, CUE_MRN, "mrn mr record chart medrec emr ehr");
    add(m, CUE_ACCOUNT, "account acct billing fin invoice har");
    add(
        m,
        CUE_PLAN,
        "member subscriber policy insurance plan group medicaid medicare beneficiary payer insurer hicn cin");
    add(m, CUE_LICENSE, "license licence lic dl certificate cert permit");
    add(m, CUE_DEVICE, "serial sn device udi implant lot pacemaker icd defibrillator pump");
    add(m, CUE_VEHICLE, "vin vehicle plate tag");
    add(
        m,
        CUE_OTHER_ID,
        "claim case accession specimen encounter visit requisition reference ref confirmation ticket tracking"
            + " passport employee badge student identifier");
    add(m, CUE_SSN, "ssn social security ss ssa itin taxpayer");
    add(
        m,
        CUE_PHONE,
        "phone tel telephone cell mobile call contact home work pager ph cellphone office text reached");
    add(m, CUE_FAX, "fax facsimile fx faxed");
    add(
        m,
        CUE_DATE,
        "dob born birth birthdate birthday date dated on admitted discharged admission discharge seen visit dos doa"
            + " doi since until scheduled appt appointment surgery procedure died deceased expired returned presented"
            + " received injury collected started stopped last");
    add(m, CUE_ZIP, "zip zipcode postal");
    add(m, CUE_AGE, "age aged");
    add(m, CUE_NPI, "npi provider prescriber");
    add(m, CUE_DEA, "dea prescriber registration");
    add(m, CUE_CARD, "card visa mastercard amex discover credit debit payment");
    add(m, CUE_IP, "ip ipv4 ipv6 address host server");
    add(m, CUE_EMAIL, "email e-mail mail");
    add(m, CUE_URL, "website site portal link url web");
    add(m, ID_FILLER, "number no num nbr id code is was");
    add(
        m,
        NOT_DATE,
        "pain scale score ratio bp strength apgar apgars gcs murmur grade power reflexes dilution pressure"
            + " fio2 i:e rate sat sats ef vision acuity out of over");
    add(m, AGE_UNIT, "year years yr yrs yo y/o yof yom old");
    add(
        m,
        UNIT,
        "mg mcg g kg ml l tab tabs tablet tablets cap caps capsule capsules unit units puff puffs drop drops dose doses"
            + " mmhg bpm cm mm meq mmol iu hr hrs hours minutes min sec times x days weeks wk wks months mo pm am");
    add(
        m,
        EPONYM_HEAD,
        "disease syndrome sign signs catheter monitor score scale test reflex maneuver manoeuvre criteria"
            + " classification fracture palsy lymphoma procedure tube line stockings disorder phenomenon law triad position"
            + " operation repair incision ulcer solution dressing needle stitch suture tumor tumour sarcoma node nodes cyst clamp retractor stain forceps scissors drain bag mask esophagus cell cells body bodies");
    add(m, URL_START, "http https ftp www");
    add(m, TLD, "com org net edu gov io us info health care biz co uk ca mil app");
    add(m, AGE_WORD, "ninety hundred");
    add(m, CUE_PLACE, "lives living resides residing moved relocated hometown");
    for (String w : SensitivityLexicon.firstWords()) m.add(w, SENSITIVE);
    loadResource(m, "first-names.txt", FIRST_NAME);
    loadResource(m, "last-names.txt", LAST_NAME);
    loadResource(m, "clinical-stoplist.txt", STOP);
    loadResource(m, "common-words.txt", COMMON);
    loadResource(m, "english-words.txt", ENGLISH);
    return m;
  }

  private static void add(WordMap m, long flag, String words) {
    for (String w : words.split(" ")) if (!w.isEmpty()) m.add(w, flag);
  }

  private static void loadResource(WordMap m, String name, long flag) {
    try (InputStream in = Vocabulary.class.getResourceAsStream(name)) {
      if (in == null) throw new IllegalStateException("missing detector resource " + name);
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        for (String w : line.split("[\\s,]+")) if (!w.isEmpty()) m.add(w, flag);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read detector resource " + name, e);
    }
  }
}
