package dev.switchboard.compliance.detect;

import dev.switchboard.spi.Checks;

/**
 * A sensitive topic found in a text, named by the HL7 sensitivity code it implies (for example
 * {@code SUD} from "methadone", {@code HIV} from "HIV").
 *
 * @param code the HL7 v3 ActCode sensitivity code
 * @param recognizer the versioned lexicon that raised it, for example {@code lexicon-v1}
 * @since 0.1
 */
public record SensitivityHit(String code, String recognizer) {
  public SensitivityHit {
    Checks.notBlank(code, "SensitivityHit.code");
    Checks.notBlank(recognizer, "SensitivityHit.recognizer");
  }

  /** The recognizer only: a sensitivity code can itself disclose a diagnosis. */
  @Override
  public String toString() {
    return "SensitivityHit[recognizer=" + recognizer + "]";
  }
}
