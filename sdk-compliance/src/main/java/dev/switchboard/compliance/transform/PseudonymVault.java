package dev.switchboard.compliance.transform;

import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.internal.transform.Spans;
import dev.switchboard.compliance.internal.transform.VaultState;
import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reversible pseudonymization for one call: each identifier becomes a random typed token such as
 * {@code ⟦NAME_7KQ2M⟧}, and the answer's tokens are turned back into the original values.
 *
 * <p>Tokens come from {@link java.security.SecureRandom} and are never derived from the value (45
 * CFR 164.514(c)); the same value (ignoring case and spacing) gets the same token within the vault.
 * The mapping lives only in this object's memory: make one vault per call, and {@link #close()} it
 * when the call ends. A pseudonymized text is still PHI.
 *
 * <p>Restoring is exact first, then lenient (other case, other or missing brackets, a space inside
 * the brackets). Tokens the vault never issued (bracketed, or in the exact unbracketed form) were
 * invented by the model: they are left as they are and counted in {@link #stats()} with their types
 * in {@link #unknownTypes()}, never guessed.
 *
 * <p>Thread-safe: a streamed answer may be restored on another thread than the one that
 * pseudonymized the prompt.
 *
 * <pre>{@code
 * try (PseudonymVault vault = new PseudonymVault()) {
 *   String prompt = vault.pseudonymize(note, detector.detect(note).findings());
 *   String answer = vault.restore(callModel(prompt));
 * }
 * }</pre>
 *
 * @since 0.1
 */
public final class PseudonymVault implements AutoCloseable {
  private final VaultState state = new VaultState();

  /** An empty vault. */
  public PseudonymVault() {}

  /**
   * Replaces each finding's span with its token. Overlapping findings merge into one token.
   *
   * @throws IllegalArgumentException if an argument is null or a span lies outside the text
   */
  public synchronized String pseudonymize(String text, List<Finding> findings) {
    Checks.notNull(text, "text");
    List<Finding> spans = Spans.normalize(findings, text.length());
    StringBuilder out = new StringBuilder(text.length() + spans.size() * 12);
    int at = 0;
    for (Finding f : spans) {
      out.append(text, at, f.start())
          .append(state.tokenFor(f.type(), text.substring(f.start(), f.end())));
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }

  /**
   * The token for one value, issuing one if needed (for callers that build prompts themselves).
   *
   * @throws IllegalArgumentException if an argument is null or the value is blank
   */
  public synchronized String tokenFor(FindingType type, String value) {
    Checks.notNull(type, "type");
    Checks.notBlank(value, "value");
    return state.tokenFor(type, value);
  }

  /**
   * Replaces the tokens in a complete text (a unary answer) with their original values.
   *
   * @throws IllegalArgumentException if {@code text} is null
   */
  public synchronized String restore(String text) {
    return state.restore(Checks.notNull(text, "text"));
  }

  /** A restorer for one streamed answer; feed it the deltas in order. */
  public StreamRestorer streamRestorer() {
    return new StreamRestorer(this);
  }

  /** Counts of restored, leniently restored and unknown (model-invented) tokens so far. */
  public synchronized RestoreStats stats() {
    return new RestoreStats(state.restored(), state.lenient(), state.unknown());
  }

  /**
   * The types of the unknown tokens counted in {@link #stats()}: pseudonym-shaped tokens in a
   * restored text that this vault never issued (bracketed, or unbracketed in the exact upper-case
   * form).
   */
  public synchronized Set<FindingType> unknownTypes() {
    return state.unknownTypes();
  }

  /** The number of distinct tokens issued. */
  public synchronized int size() {
    return state.size();
  }

  /** Tokens issued per type (for the audit trail: counts, never values). */
  public synchronized Map<FindingType, Integer> issuedByType() {
    return state.issuedByType();
  }

  /** Forgets every mapping; tokens restored afterwards count as unknown. */
  @Override
  public synchronized void close() {
    state.clear();
  }

  /** Counts only, never values or tokens. */
  @Override
  public synchronized String toString() {
    return "PseudonymVault[tokens="
        + state.size()
        + ", restored="
        + state.restored()
        + ", unknown="
        + state.unknown()
        + "]";
  }
}
