package dev.switchboard.compliance;

import java.util.Locale;
import java.util.Optional;

/**
 * HL7 purpose of use (ActReason). Codes form a hierarchy: {@link #BTG} is a kind of {@link
 * #ETREAT}, which is a kind of {@link #TREAT}; a policy rule written for a code also applies to
 * every code below it.
 *
 * @since 0.1
 */
public enum PurposeOfUse {
  /** Treatment. */
  TREAT(null),
  /** Emergency treatment. */
  ETREAT(TREAT),
  /** Break the glass: emergency access outside normal authorization. */
  BTG(ETREAT),
  /** Emergency room treatment. */
  ERTREAT(ETREAT),
  /** Coordination of care. */
  COC(TREAT),
  /** Treatment decision support, such as AI-assisted treatment decisions. */
  TREATDS(TREAT),
  /** Payment. */
  HPAYMT(null),
  /** Payment decision support. */
  PMTDS(HPAYMT),
  /** Healthcare operations. */
  HOPERAT(null),
  /** Quality improvement. */
  HQUALIMP(HOPERAT),
  /** Patient safety. */
  PATSFTY(HOPERAT),
  /** System development. */
  SYSDEV(HOPERAT),
  /** Testing of healthcare systems. */
  HTEST(SYSDEV),
  /** Training of staff. */
  TRAIN(HOPERAT),
  /** Machine learning model training. */
  MLTRAINING(HOPERAT),
  /** System administration. */
  HSYSADMIN(HOPERAT),
  /** Legal. */
  HLEGAL(HOPERAT),
  /** Research. */
  HRESCH(null),
  /** Clinical trial research. */
  CLINTRCH(HRESCH),
  /** Public health. */
  PUBHLTH(null),
  /** Requested by the patient. */
  PATRQT(null),
  /** Marketing. */
  HMARKT(null);

  private final PurposeOfUse parent;

  PurposeOfUse(PurposeOfUse parent) {
    this.parent = parent;
  }

  /** The broader purpose this one specializes, if any. */
  public Optional<PurposeOfUse> parent() {
    return Optional.ofNullable(parent);
  }

  /** True if this purpose is {@code other} or a specialization of it. */
  public boolean isA(PurposeOfUse other) {
    for (PurposeOfUse p = this; p != null; p = p.parent) {
      if (p == other) return true;
    }
    return false;
  }

  /**
   * The purpose with this HL7 code (case-insensitive).
   *
   * @throws IllegalArgumentException if the code is not one of these purposes
   */
  public static PurposeOfUse of(String code) {
    return find(code)
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "purposeOfUse: unknown HL7 purpose-of-use code; known: "
                        + java.util.Arrays.toString(values())));
  }

  /** The purpose with this HL7 code, if it is one. */
  public static Optional<PurposeOfUse> find(String code) {
    if (code == null) return Optional.empty();
    try {
      return Optional.of(valueOf(code.trim().toUpperCase(Locale.ROOT)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
