package dev.switchboard.bench.compliance;

import java.util.List;
import java.util.Random;

/**
 * Clinical-style text for the benchmarks: progress-note narrative, vitals, labs, medications and
 * eponyms, with an identifier in about one sentence in six, from a seeded generator.
 */
final class ClinicalText {
  private static final List<String> NARRATIVE =
      List.of(
          "Patient is a pleasant woman with a history of hypertension, type 2 diabetes mellitus and CKD stage 3 presenting with dyspnea.",
          "She reports worsening shortness of breath over the past week, orthopnea and bilateral lower extremity edema.",
          "Denies chest pain, palpitations, fever or chills. No recent travel or sick contacts.",
          "Vitals: BP 148/92 mmHg, HR 96, RR 22, T 37.1 C, SpO2 91% on room air, weight 88.2 kg.",
          "Labs: Na 134, K 5.1, Cl 99, HCO3 21, BUN 42, Cr 2.1, glucose 212, BNP 1840, troponin 0.05.",
          "CBC: WBC 9.4, Hgb 10.8, Hct 32.5, Plt 210. INR 1.2, A1c 8.9%.",
          "Exam: JVP elevated to 12 cm, bibasilar crackles, 2+ pitting edema to the knees, S3 present.",
          "Chest x-ray shows cephalization and small bilateral effusions. Echo: EF 35-40%, moderate MR.",
          "Assessment: acute on chronic HFrEF exacerbation, likely precipitated by dietary indiscretion.",
          "Plan: furosemide 40 mg IV BID, strict I/O, daily weights, fluid restriction 1.5 L, low-sodium diet.",
          "Continue metoprolol succinate 50 mg daily, hold lisinopril given AKI, start empagliflozin when Cr improves.",
          "Insulin glargine 18 units qHS with lispro sliding scale; hydrocodone-acetaminophen 5/325 mg q6h PRN pain 7/10.",
          "History of Parkinson disease on carbidopa-levodopa 25/100 mg TID; Foley catheter removed on hospital day 2.",
          "Holter monitor showed paroxysmal atrial fibrillation; CHA2DS2-VASc 5, started apixaban 5 mg BID.",
          "Strength 5/5 throughout, reflexes 2+ and symmetric, Babinski sign negative, GCS 15.",
          "Physical therapy evaluated; ambulating 150 feet with a rolling walker, fall risk moderate.",
          "Discussed goals of care; patient wishes to remain full code. Will reassess in the morning.");
  private static final List<String> IDENTIFIERS =
      List.of(
          "Seen with her daughter Maria Gonzalez, who can be reached at (617) 555-0142.",
          "MRN: 00482913. DOB: 03/09/1948. Admitted 2024-11-02.",
          "Discussed with Dr. Okafor (cardiology); fax summary to 617-555-0199.",
          "Lives at 1420 West Oak Street, Springfield, IL 62704 with her husband.",
          "Member ID: W123456789; Medicare MBI 1EG4-TE5-MK73.",
          "Electronically signed by Ann Lee, MD on March 3, 2025.");

  private ClinicalText() {}

  /** About {@code chars} characters of note text. */
  static String generate(int chars, long seed) {
    Random r = new Random(seed);
    StringBuilder b = new StringBuilder(chars + 200);
    while (b.length() < chars) {
      List<String> from = r.nextInt(6) == 0 ? IDENTIFIERS : NARRATIVE;
      b.append(from.get(r.nextInt(from.size()))).append(r.nextInt(4) == 0 ? "\n" : " ");
    }
    return b.toString();
  }
}
