package dev.switchboard.compliance;

import java.util.Locale;
import java.util.Optional;

/**
 * What kind of data a request carries, from the least to the most protected. Detection may raise a
 * request's class (never lower it).
 *
 * @since 0.1
 */
public enum DataClass {
  /** Nothing declared; the compliance policy's default (block) applies. */
  UNSPECIFIED,
  /** Public information. */
  PUBLIC,
  /** Internal, non-patient information. */
  INTERNAL,
  /** Synthetic data with no real patient behind it. */
  SYNTHETIC,
  /** De-identified under HIPAA Safe Harbor, 164.514(b)(2). */
  DEID_SAFE_HARBOR,
  /** De-identified under HIPAA Expert Determination, 164.514(b)(1), with the expert's report id. */
  DEID_EXPERT,
  /** A limited data set under a data use agreement (DUA id); still PHI. Policy code {@code LDS}. */
  LIMITED_DATA_SET,
  /** Protected health information. */
  PHI;

  /** True for the classes that are protected health information under HIPAA (PHI and LDS). */
  public boolean isPhi() {
    return this == PHI || this == LIMITED_DATA_SET;
  }

  /** True for the de-identified classes. */
  public boolean isDeidentified() {
    return this == DEID_SAFE_HARBOR || this == DEID_EXPERT;
  }

  /** The code used in policies: the name, except {@code LDS} for a limited data set. */
  public String code() {
    return this == LIMITED_DATA_SET ? "LDS" : name();
  }

  /** The class for a policy code or name (case-insensitive; {@code LDS} is a limited data set). */
  public static Optional<DataClass> find(String code) {
    if (code == null) return Optional.empty();
    String c = code.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    if (c.equals("LDS")) return Optional.of(LIMITED_DATA_SET);
    try {
      return Optional.of(valueOf(c));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** The higher of two classes. */
  public static DataClass max(DataClass a, DataClass b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
