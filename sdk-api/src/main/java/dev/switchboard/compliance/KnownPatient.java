package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The patient's own identifiers, taken from the EHR, that the local detector looks for in a text:
 * names (with their variants: initials, "Last, First"), medical record numbers, dates of birth (in
 * the usual formats) and any other identifier. Used only by the in-process matcher, never sent
 * anywhere. Immutable and thread-safe; {@code toString()} prints counts only.
 *
 * <pre>{@code
 * KnownPatient patient = KnownPatient.builder()
 *     .name("Maria", "Gonzalez")
 *     .mrn("00482913")
 *     .dateOfBirth(LocalDate.of(1948, 3, 9))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class KnownPatient {
  private final List<Name> names;
  private final List<String> mrns;
  private final List<LocalDate> datesOfBirth;
  private final List<String> otherIdentifiers;

  private KnownPatient(Builder b) {
    this.names = List.copyOf(b.names);
    this.mrns = List.copyOf(b.mrns);
    this.datesOfBirth = List.copyOf(b.datesOfBirth);
    this.otherIdentifiers = List.copyOf(b.otherIdentifiers);
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** The patient's names (current, previous, preferred). */
  public List<Name> names() {
    return names;
  }

  /** The patient's medical record numbers. */
  public List<String> mrns() {
    return mrns;
  }

  /** The patient's dates of birth (normally one). */
  public List<LocalDate> datesOfBirth() {
    return datesOfBirth;
  }

  /** Other identifiers: member ids, account numbers, phone numbers, SSN... */
  public List<String> otherIdentifiers() {
    return otherIdentifiers;
  }

  /** True if nothing is known. */
  public boolean isEmpty() {
    return names.isEmpty()
        && mrns.isEmpty()
        && datesOfBirth.isEmpty()
        && otherIdentifiers.isEmpty();
  }

  /** Counts only, never the identifiers. */
  @Override
  public String toString() {
    return "KnownPatient[names="
        + names.size()
        + ", mrns="
        + mrns.size()
        + ", datesOfBirth="
        + datesOfBirth.size()
        + ", otherIdentifiers="
        + otherIdentifiers.size()
        + "]";
  }

  /**
   * One name of the patient. Either part may be null, not both.
   *
   * @param given the given (first) name, possibly with middle names separated by spaces
   * @param family the family (last) name
   */
  public record Name(String given, String family) {
    public Name {
      Checks.check(
          given != null || family != null, "KnownPatient.Name", "needs a given or a family name");
      if (given != null) Checks.notBlank(given, "KnownPatient.Name.given");
      if (family != null) Checks.notBlank(family, "KnownPatient.Name.family");
    }

    /** Sizes only. */
    @Override
    public String toString() {
      return "Name[given="
          + Checks.length(given)
          + " chars, family="
          + Checks.length(family)
          + " chars]";
    }
  }

  /** Collects the identifiers. Not thread-safe; throw it away after {@link #build()}. */
  public static final class Builder {
    private final List<Name> names = new ArrayList<>();
    private final List<String> mrns = new ArrayList<>();
    private final List<LocalDate> datesOfBirth = new ArrayList<>();
    private final List<String> otherIdentifiers = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a name.
     *
     * @throws IllegalArgumentException if both parts are null or one is blank
     */
    public Builder name(String given, String family) {
      names.add(new Name(given, family));
      return this;
    }

    /**
     * Adds a medical record number.
     *
     * @throws IllegalArgumentException if it is blank
     */
    public Builder mrn(String mrn) {
      mrns.add(Checks.notBlank(mrn, "KnownPatient.mrn"));
      return this;
    }

    /**
     * Adds a date of birth.
     *
     * @throws IllegalArgumentException if it is null
     */
    public Builder dateOfBirth(LocalDate dateOfBirth) {
      datesOfBirth.add(Checks.notNull(dateOfBirth, "KnownPatient.dateOfBirth"));
      return this;
    }

    /**
     * Adds another identifier, matched exactly (ignoring case, spaces and dashes).
     *
     * @throws IllegalArgumentException if it is blank
     */
    public Builder identifier(String identifier) {
      otherIdentifiers.add(Checks.notBlank(identifier, "KnownPatient.identifier"));
      return this;
    }

    /** The immutable patient. */
    public KnownPatient build() {
      return new KnownPatient(this);
    }
  }
}
