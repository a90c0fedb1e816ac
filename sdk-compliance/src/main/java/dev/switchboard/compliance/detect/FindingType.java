package dev.switchboard.compliance.detect;

/**
 * The HIPAA Safe Harbor identifier categories (45 CFR 164.514(b)(2)) that a pattern, a validator, a
 * context cue or a dictionary can find in text.
 *
 * @since 0.1
 */
public enum FindingType {
  /** (A) A person's name: the patient's, a relative's, a clinician's. */
  NAME("NAME"),
  /** (C) A date element other than the year alone (day, month, date of birth, admission...). */
  DATE("DATE"),
  /** (C) An age over 89; the finding spans the number only. */
  AGE_OVER_89("AGE"),
  /** (D) A telephone number. */
  PHONE("PHONE"),
  /** (E) A fax number (a phone number with a fax cue nearby). */
  FAX("FAX"),
  /** (F) An email address. */
  EMAIL("EMAIL"),
  /** (G) A social security number. */
  SSN("SSN"),
  /** (H) A medical record number. */
  MRN("MRN"),
  /** (I) A health plan beneficiary or member number. */
  HEALTH_PLAN_ID("PLAN_ID"),
  /** (J) An account number. */
  ACCOUNT_NUMBER("ACCOUNT"),
  /** (K) A certificate or licence number (driver's licence, professional licence). */
  LICENSE_NUMBER("LICENSE"),
  /** (L) A vehicle identifier (VIN) or licence plate. */
  VEHICLE_ID("VEHICLE"),
  /** (M) A device identifier or serial number. */
  DEVICE_ID("DEVICE"),
  /** (N) A web address. */
  URL("URL"),
  /** (O) An IPv4 or IPv6 address. */
  IP_ADDRESS("IP"),
  /** (B) A 5- or 9-digit ZIP code. */
  ZIP_CODE("ZIP"),
  /** (B) A street address or a city: geography smaller than a state. */
  STREET_ADDRESS("ADDRESS"),
  /** (R) A US National Provider Identifier. */
  NPI("NPI"),
  /** (K) A DEA registration number. */
  DEA("DEA"),
  /** (I) A Medicare Beneficiary Identifier. */
  MBI("MBI"),
  /** (R) A payment card number. */
  CARD_NUMBER("CARD"),
  /** (R) Any other unique identifying number or code (claim, accession, encounter...). */
  OTHER_ID("ID");

  private final String label;

  FindingType(String label) {
    this.label = label;
  }

  /**
   * A short upper-case label ({@code NAME}, {@code PLAN_ID}, {@code ID}...) used in type masks such
   * as {@code [NAME]} and in pseudonym tokens such as {@code ⟦NAME_7KQ2M⟧}.
   */
  public String label() {
    return label;
  }
}
