package dev.switchboard.compliance;

/** What kind of data a request carries, from the least to the most protected. */
public enum DataClass {
  /** Nothing declared; the compliance policy decides how to treat it. */
  UNSPECIFIED,
  /** Public information. */
  PUBLIC,
  /** Internal, non-patient information. */
  INTERNAL,
  /** Synthetic data with no real patient behind it. */
  SYNTHETIC,
  /** De-identified under HIPAA Safe Harbor. */
  DEID_SAFE_HARBOR,
  /** De-identified under HIPAA Expert Determination. */
  DEID_EXPERT,
  /** A limited data set under a data use agreement; still PHI. */
  LIMITED_DATA_SET,
  /** Protected health information. */
  PHI
}
