package dev.switchboard.compliance.transform;

import dev.switchboard.compliance.internal.transform.TokenFormat;
import dev.switchboard.spi.Checks;
import java.util.regex.Matcher;

/**
 * Restores pseudonym tokens in a streamed answer. A token may be split across deltas ({@code "⟦NA"}
 * then {@code "ME_7KQ2M⟧"}), so {@link #accept(String)} holds back the end of a delta that could
 * still become a token and emits it with the next delta, or on {@link #finish()}. At most a few
 * dozen characters are held back at a time.
 *
 * <p>Not thread-safe: one restorer serves one stream, fed in order.
 *
 * @since 0.1
 */
public final class StreamRestorer {
  private final PseudonymVault vault;
  private final StringBuilder pending = new StringBuilder();
  private boolean finished;

  StreamRestorer(PseudonymVault vault) {
    this.vault = vault;
  }

  /**
   * Takes the next delta and returns the restored text that is safe to emit now (maybe empty).
   *
   * @throws IllegalArgumentException if {@code delta} is null
   * @throws IllegalStateException after {@link #finish()}
   */
  public String accept(String delta) {
    Checks.notNull(delta, "delta");
    if (finished) throw new IllegalStateException("StreamRestorer: already finished");
    pending.append(delta);
    int cut = holdBackFrom();
    if (cut == 0) return "";
    String ready = pending.substring(0, cut);
    pending.delete(0, cut);
    return vault.restore(ready);
  }

  /**
   * Ends the stream and returns the restored rest that was held back.
   *
   * @throws IllegalStateException if called twice
   */
  public String finish() {
    if (finished) throw new IllegalStateException("StreamRestorer: already finished");
    finished = true;
    String rest = pending.toString();
    pending.setLength(0);
    return rest.isEmpty() ? "" : vault.restore(rest);
  }

  /**
   * The earliest index from which the pending text could still grow into a token; else its length.
   */
  private int holdBackFrom() {
    int len = pending.length();
    Matcher m = TokenFormat.LENIENT.matcher(pending);
    for (int i = Math.max(0, len - TokenFormat.MAX_LENIENT_LENGTH); i < len; i++) {
      if (!TokenFormat.mayStartAt(pending, i)) continue;
      m.region(i, len);
      m.lookingAt();
      if (m.hitEnd()) return i;
    }
    return len;
  }
}
