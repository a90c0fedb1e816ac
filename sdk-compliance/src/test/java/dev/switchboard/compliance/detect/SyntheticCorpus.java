package dev.switchboard.compliance.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A synthetic clinical corpus generated from templates with a seeded {@link Random}: notes that
 * embed an identifier of every Safe Harbor category that has a pattern, with their true spans,
 * mixed with distractors that must not be flagged (lab values, vital signs, doses, date-like ratios
 * and scores, eponyms, device names). Nothing here is a real person.
 */
final class SyntheticCorpus {
  /** A true identifier in a note. */
  record Truth(FindingType type, int start, int end, boolean hard) {}

  /** One note with its true identifiers and the spans of its distractor sentences. */
  record Note(String text, List<Truth> truths, List<int[]> distractors) {}

  /**
   * Given names inside and outside the detector's dictionary (the latter only in cue positions).
   */
  static final List<String> DICT_FIRST =
      List.of(
          "Maria", "James", "Linda", "Robert", "Aisha", "Carlos", "Mei", "Priya", "Kevin", "Olga",
          "Thanh", "Deborah");

  static final List<String> DICT_LAST =
      List.of(
          "Gonzalez",
          "Nguyen",
          "Patel",
          "Johnson",
          "Kowalski",
          "Okafor",
          "Smith",
          "Reyes",
          "Chen",
          "Murphy",
          "Hughes",
          "Schmidt");
  static final List<String> RARE_FIRST =
      List.of(
          "Marisol", "Quentin", "Zbigniew", "Ottilie", "Leontyne", "Ezekiel", "Bettina", "Anselm");
  static final List<String> RARE_LAST =
      List.of(
          "Thistlewood",
          "Abernathy",
          "Delacroix",
          "Vanterpool",
          "Okonjo",
          "Przybylski",
          "Featherstone",
          "Quaye");

  private final Random random;
  private final SyntheticValues v;
  private StringBuilder text;
  private List<Truth> truths;
  private List<int[]> distractors;

  SyntheticCorpus(long seed) {
    this.random = new Random(seed);
    this.v = new SyntheticValues(random);
  }

  List<Note> notes(int count) {
    List<Note> notes = new ArrayList<>(count);
    for (int i = 0; i < count; i++) notes.add(note());
    return notes;
  }

  private Note note() {
    text = new StringBuilder();
    truths = new ArrayList<>();
    distractors = new ArrayList<>();
    int sentences = v.between(8, 14);
    for (int s = 0; s < sentences; s++) {
      if (random.nextInt(5) < 2) distractor();
      else v.pick(TEMPLATES).accept(this);
      text.append(random.nextInt(3) == 0 ? "\n" : " ");
    }
    return new Note(text.toString(), truths, distractors);
  }

  // --- building blocks ---------------------------------------------------------------------

  private SyntheticCorpus t(String plain) {
    text.append(plain);
    return this;
  }

  private SyntheticCorpus id(FindingType type, String value) {
    return truth(type, value, false);
  }

  /**
   * An identifier that the detector is not designed to find: measured and reported, not asserted.
   */
  private SyntheticCorpus hard(FindingType type, String value) {
    return truth(type, value, true);
  }

  private SyntheticCorpus truth(FindingType type, String value, boolean hard) {
    int start = text.length();
    text.append(value);
    truths.add(new Truth(type, start, text.length(), hard));
    return this;
  }

  private void distractor() {
    int start = text.length();
    text.append(v.pick(DISTRACTORS));
    distractors.add(new int[] {start, text.length()});
  }

  private String first() {
    return v.pick(DICT_FIRST);
  }

  private String last() {
    return v.pick(DICT_LAST);
  }

  private String anyLast() {
    return random.nextBoolean() ? last() : v.pick(RARE_LAST);
  }

  private String anyFirst() {
    return random.nextBoolean() ? first() : v.pick(RARE_FIRST);
  }

  // --- identifier templates -------------------------------------------------------------------

  private static final List<Consumer<SyntheticCorpus>> TEMPLATES =
      List.of(
          c ->
              c.t("Patient: ")
                  .id(FindingType.NAME, c.anyFirst() + " " + c.anyLast())
                  .t(", DOB: ")
                  .id(FindingType.DATE, c.v.date())
                  .t("."),
          c ->
              c.t("Seen in clinic by Dr. ")
                  .id(FindingType.NAME, c.anyLast())
                  .t(" on ")
                  .id(FindingType.DATE, c.v.date())
                  .t("."),
          c -> c.t("His wife ").id(FindingType.NAME, c.anyFirst()).t(" was at the bedside."),
          c ->
              c.t("Accompanied by her son, ")
                  .id(FindingType.NAME, c.anyFirst() + " " + c.anyLast())
                  .t(", who drove her in."),
          c ->
              c.id(FindingType.NAME, c.first() + " " + c.last())
                  .t(" called the clinic about refills."),
          c ->
              c.t("Electronically signed by ")
                  .id(FindingType.NAME, c.anyFirst() + " " + c.anyLast())
                  .t(", MD."),
          c -> c.id(FindingType.NAME, c.anyFirst() + " " + c.anyLast()).t(", RN"),
          c -> c.t("Mrs. ").id(FindingType.NAME, c.anyLast()).t(" reports improved sleep."),
          c -> c.t("Call back at ").id(FindingType.PHONE, c.v.phone()).t(" after 5 pm."),
          c -> c.t("Home phone: ").id(FindingType.PHONE, c.v.phone()).t("."),
          c -> c.t("Please fax records to ").id(FindingType.FAX, c.v.phone()).t("."),
          c -> c.t("Fax: ").id(FindingType.FAX, c.v.phone()),
          c -> c.t("SSN ").id(FindingType.SSN, c.v.ssn()).t(" verified at registration."),
          c ->
              c.t("Social security number: ")
                  .id(FindingType.SSN, c.v.ssn().replace(" ", "-"))
                  .t("."),
          c ->
              c.t("Contact via ")
                  .id(FindingType.EMAIL, c.v.email(c.first(), c.last()))
                  .t(" for scheduling."),
          c -> c.t("Results posted to ").id(FindingType.URL, c.v.url()).t(" for review."),
          c ->
              c.t("Remote session from IP ")
                  .id(FindingType.IP_ADDRESS, c.v.ipv4())
                  .t(" was logged."),
          c ->
              c.t("Device telemetry from ")
                  .id(FindingType.IP_ADDRESS, c.v.ipv6())
                  .t(" dropped twice."),
          c -> c.t("Admitted ").id(FindingType.DATE, c.v.date()).t(" with chest pain."),
          c -> c.t("Follow-up scheduled for ").id(FindingType.DATE, c.v.date()).t("."),
          c ->
              c.t("Lives at ")
                  .id(
                      FindingType.STREET_ADDRESS,
                      c.v.street() + ", " + c.v.pick(SyntheticValues.CITIES))
                  .t(", " + c.v.pick(SyntheticValues.STATES) + " ")
                  .id(FindingType.ZIP_CODE, c.v.zip())
                  .t(" with her daughter."),
          c ->
              c.t("Mailing address ")
                  .id(FindingType.STREET_ADDRESS, c.v.street())
                  .t(", Apt ")
                  .t(c.v.between(1, 30) + "")
                  .t(". ZIP code ")
                  .id(FindingType.ZIP_CODE, c.v.zip())
                  .t("."),
          c -> c.t("MRN: ").id(FindingType.MRN, c.v.digits(8)).t("."),
          c ->
              c.t("Medical record number ").id(FindingType.MRN, c.v.alnumId(1, 7)).t(" confirmed."),
          c ->
              c.t("Account #: ")
                  .id(FindingType.ACCOUNT_NUMBER, c.v.digits(3) + "-" + c.v.digits(6))
                  .t("."),
          c ->
              c.t("Billing account ")
                  .id(FindingType.ACCOUNT_NUMBER, c.v.digits(10))
                  .t(" is past due."),
          c ->
              c.t("Member ID: ")
                  .id(FindingType.HEALTH_PLAN_ID, c.v.alnumId(3, 9))
                  .t(", group 0042."),
          c -> c.t("Medicaid ID ").id(FindingType.HEALTH_PLAN_ID, c.v.alnumId(2, 8)).t(" on file."),
          c -> c.t("Driver's license: ").id(FindingType.LICENSE_NUMBER, c.v.alnumId(1, 8)).t("."),
          c ->
              c.t("Pacemaker serial number ")
                  .id(FindingType.DEVICE_ID, c.v.alnumId(3, 6))
                  .t(" interrogated."),
          c ->
              c.t("Vehicle VIN ")
                  .id(FindingType.VEHICLE_ID, c.v.vin())
                  .t(" per the accident report."),
          c -> c.t("Ordering provider NPI ").id(FindingType.NPI, c.v.npi()).t("."),
          c -> c.t("Prescriber DEA # ").id(FindingType.DEA, c.v.dea()).t("."),
          c -> c.t("Medicare MBI ").id(FindingType.MBI, c.v.mbi()).t(" verified."),
          c -> c.t("Paid copay with card ").id(FindingType.CARD_NUMBER, c.v.card()).t("."),
          c ->
              c.t("Claim # ")
                  .id(FindingType.OTHER_ID, c.v.digits(4) + "-" + c.v.digits(5))
                  .t(" was denied."),
          c ->
              c.t("A ")
                  .id(FindingType.AGE_OVER_89, c.v.between(90, 104) + "")
                  .t("-year-old woman with CHF."),
          c ->
              c.t("Age: ")
                  .id(FindingType.AGE_OVER_89, c.v.between(90, 104) + "")
                  .t(", lives alone."),
          c ->
              c.t("He is ")
                  .id(FindingType.AGE_OVER_89, c.v.between(90, 104) + "")
                  .t(" years old and independent."),
          // Cases added for issue 11: possessives, ages in words, device identifiers, cued
          // identifiers whose numbers are on published example lists.
          c -> c.t("Reviewed Dr. ").id(FindingType.NAME, c.anyLast()).t("'s note with the family."),
          c -> c.id(FindingType.NAME, c.first() + " " + c.last()).t("'s insulin was adjusted."),
          c ->
              c.t("Mrs. ")
                  .id(FindingType.NAME, c.last())
                  .t("’s daughter brought her medication list."),
          c ->
              c.t("A ")
                  .id(FindingType.AGE_OVER_89, c.v.ageWords())
                  .t(c.v.pick(List.of(" year old", "-year-old", " years old", " y/o", " yo")))
                  .t(" woman presents with a fall."),
          c ->
              c.t("She is ")
                  .id(FindingType.AGE_OVER_89, c.v.ageWords())
                  .t(" years of age and lives alone."),
          c -> c.t("Aged ").id(FindingType.AGE_OVER_89, c.v.ageWords()).t(", still driving."),
          c ->
              c.t(c.v.pick(List.of("S/N: ", "SN ", "Serial: ", "Pump s/n ")))
                  .id(FindingType.DEVICE_ID, c.v.serial())
                  .t(" logged at implant."),
          c -> c.t("Implant label: UDI ").id(FindingType.DEVICE_ID, c.v.udiGs1()).t(" scanned."),
          c -> c.t("Scanned ").id(FindingType.DEVICE_ID, c.v.udiGs1()).t(" at the bedside."),
          c ->
              c.t("Stent box reads ")
                  .id(FindingType.DEVICE_ID, c.v.udiHibcc())
                  .t(" in the implant log."),
          c ->
              c.t("SSN: ")
                  .id(
                      FindingType.SSN,
                      c.v.pick(List.of("123-45-6789", "078-05-1120", "219-09-9999")))
                  .t(" given by the patient."),
          c ->
              c.t("Account number ")
                  .id(
                      FindingType.ACCOUNT_NUMBER,
                      c.v.pick(
                          List.of(
                              "4111 1111 1111 1111", "5555-5555-5555-4444", "4111111111111111")))
                  .t(" on the statement."),
          c ->
              c.t("MRN ")
                  .id(
                      FindingType.MRN,
                      c.v.pick(List.of("123-45-6789", "4111111111111111", "078051120")))
                  .t(" per registration."),
          // Hard cases, measured honestly: a name with no cue and outside the dictionary, a
          // lower-case name.
          c ->
              c.t("Discussed the plan with ")
                  .hard(FindingType.NAME, c.v.pick(RARE_FIRST) + " " + c.v.pick(RARE_LAST))
                  .t(" at length."),
          c ->
              c.t("spoke with ")
                  .hard(FindingType.NAME, c.first().toLowerCase() + " " + c.last().toLowerCase())
                  .t(" by phone."),
          c ->
              c.t("Next visit ")
                  .id(
                      FindingType.DATE,
                      c.v.between(1, 12) + "-" + c.v.between(1, 28) + "-" + c.v.between(2020, 2026))
                  .t("."));

  // --- distractors: never identifiers ---------------------------------------------------------

  static final List<String> DISTRACTORS =
      List.of(
          "BP 132/84, HR 76, RR 18, T 37.2 C, SpO2 96% on RA.",
          "Vitals: BP 118/76 mmHg, pulse 64 bpm, temp 98.6 F, weight 82.4 kg.",
          "Na 139, K 4.1, Cl 101, HCO3 24, BUN 18, Cr 1.02, glucose 112.",
          "WBC 7.8, Hgb 12.9, Plt 245, INR 1.1, A1c 6.8%, LDL 96.",
          "Troponin 0.04 ng/mL at 14:30, repeat 0.03 at 20:15.",
          "Metoprolol tartrate 25 mg PO BID; lisinopril 10 mg daily.",
          "Hydrocodone-acetaminophen 5/325 mg 1-2 tabs q4-6h PRN pain.",
          "Insulin glargine 20 units qHS, lispro 4-6 units with meals.",
          "Carbidopa-levodopa 25/100 mg TID for Parkinson disease.",
          "Pain 7/10, improved to 3/10 after ketorolac.",
          "Strength 5/5 bilaterally, reflexes 2+ and symmetric, 2/6 systolic murmur.",
          "Apgars 8/9, birth weight 3.4 kg, GCS 15 (E4V5M6).",
          "Ventilator: FiO2 40%, PEEP 5, I:E ratio 1:2, tidal volume 450 mL.",
          "EF 55-60% on echo, LVEDD 4.8 cm.",
          "Foley catheter placed; Swan-Ganz catheter removed.",
          "Holter monitor for 48 hours; Doppler ultrasound negative for DVT.",
          "Babinski sign negative, Glasgow Coma Scale 14.",
          "History of Hodgkin lymphoma in remission and Crohn's disease.",
          "Alzheimer dementia, Cushing syndrome ruled out, Addison's disease on hydrocortisone.",
          "Graves disease treated with methimazole; Bell's palsy resolved.",
          "Down syndrome with AV canal repair as an infant.",
          "Medtronic Azure pacemaker and Dexcom G6 sensor in place.",
          "Omnipod 5 pump settings unchanged; PICC line flushed.",
          "LVAD (HeartMate 3) speed 5400 rpm, flow 4.5 L/min.",
          "Take 1/2 tab at bedtime for 3 days.",
          "Completed 3 of 4 cycles; CA-125 down to 35.",
          "Room 412, bed 2; fall risk score 45.",
          "Stage IIIA (T2 N1 M0), Gleason 3+4=7.",
          "QTc 452 ms, PR 160 ms, QRS 98 ms.",
          "Urine output 1.2 L over 24 hours, net -500 mL.",
          "Patient Education: low-sodium diet reviewed.",
          "Seen By Cardiology Consult Service.",
          "Mother Baby Unit transfer pending.",
          "Plan: Continue Lasix 40 mg IV BID.",
          "Wife Present At Bedside.",
          "Follow up with Neurology in 6 weeks.",
          "Order Set reviewed; Patient Instructions printed.",
          "Nurse Practitioner Note, Internal Medicine.",
          "MRSA screen negative; CHF clinic referral.",
          "Signed: Attending Physician, Emergency Department.",
          "Tylenol 650 mg Q6H PRN; Zofran 4 mg IV PRN nausea.",
          "Appointment with Physical Therapy 3 times a week.",
          "Version 2.4.1 of the order set, build 20231105.",
          "Glucose 145 at 06:00; 3/4 of the meal eaten.",
          "Score 2/5 on the Mini-Cog; PHQ-9 score 12.");
}
