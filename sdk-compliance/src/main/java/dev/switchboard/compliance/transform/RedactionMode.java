package dev.switchboard.compliance.transform;

/**
 * How {@link Redactor} replaces an identifier.
 *
 * @since 0.1
 */
public enum RedactionMode {
  /** Deletes the identifier. */
  REMOVE,
  /** Replaces it with its type in brackets, for example {@code [NAME]} or {@code [DATE]}. */
  TYPE_MASK,
  /**
   * Keeps what Safe Harbor allows: a date becomes its year, an age over 89 becomes {@code 90+}, a
   * ZIP code its first three digits ({@code 000} for the HHS low-population prefixes); every other
   * type is masked as in {@link #TYPE_MASK}. A date whose year is more than 89 years ago is masked,
   * because its year could reveal an age over 89; a date of birth (a date shortly after "DOB",
   * "born" or "birth" on the same line) that puts the person over 89 becomes {@code 90+}.
   */
  GENERALIZE
}
