package dev.switchboard.error;

import org.jspecify.annotations.Nullable;

/**
 * A tool loop stopped without an answer: the model still asked for tools after the allowed number
 * of rounds, or a tool failed and the caller asked for tool failures to be thrown (then the tool's
 * exception is the cause). Not retryable. The message names the tool and round, never arguments or
 * results.
 *
 * @since 0.3
 */
public class ToolLoopException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final int rounds;

  /**
   * @param description what stopped the loop, without arguments or results
   * @param rounds how many tool rounds had run
   * @param context the provider and model of the last answer
   * @param cause the tool's exception, or null
   */
  public ToolLoopException(
      String description, int rounds, ErrorContext context, @Nullable Throwable cause) {
    super(description, context, cause);
    this.rounds = rounds;
  }

  /** How many tool rounds had run (a round: the model asked for tools and they ran). */
  public int rounds() {
    return rounds;
  }
}
