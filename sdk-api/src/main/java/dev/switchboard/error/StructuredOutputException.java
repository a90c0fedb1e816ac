package dev.switchboard.error;

import dev.switchboard.spi.Checks;
import java.util.List;

/**
 * The model's answer could not be turned into the requested type: after the allowed repair, it was
 * still not JSON, did not match the type's schema, or could not be bound. Carries the validation
 * problems (JSON paths and what is wrong), never the answer text, which may hold patient data. Not
 * retryable: the same request tends to give the same kind of answer.
 *
 * @since 0.3
 */
public class StructuredOutputException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  /**
   * One way the answer failed its schema.
   *
   * @param path where in the answer, as a JSON path ({@code $} for the whole answer)
   * @param keyword the schema keyword that failed ({@code required}, {@code type}, {@code enum},
   *     ...), or {@code json} when the answer was not JSON, {@code binding} when Jackson could not
   *     bind it, {@code missing} when the model gave no answer at all
   * @param message what is wrong, in terms of the schema, never quoting the answer
   */
  public record Problem(String path, String keyword, String message) {
    public Problem {
      Checks.notNull(path, "Problem.path");
      Checks.notNull(keyword, "Problem.keyword");
      Checks.notNull(message, "Problem.message");
    }

    @Override
    public String toString() {
      return path + ": " + message + " [" + keyword + "]";
    }
  }

  private final transient List<Problem> problems;
  private final String typeName;
  private final int attempts;

  /**
   * @param typeName the requested Java type's name
   * @param problems what is wrong with the last answer; not empty
   * @param attempts how many answers were asked for (1, or 2 with a repair)
   * @param context where the last answer came from
   */
  public StructuredOutputException(
      String typeName, List<Problem> problems, int attempts, ErrorContext context) {
    super(describe(typeName, problems, attempts), context, null);
    this.typeName = typeName;
    this.problems = List.copyOf(problems);
    this.attempts = attempts;
  }

  private static String describe(String typeName, List<Problem> problems, int attempts) {
    StringBuilder b =
        new StringBuilder("the answer does not match the schema of ")
            .append(typeName)
            .append(" after ")
            .append(attempts)
            .append(attempts == 1 ? " attempt: " : " attempts: ");
    int shown = Math.min(problems.size(), 5);
    for (int i = 0; i < shown; i++) {
      if (i > 0) b.append("; ");
      b.append(problems.get(i));
    }
    if (problems.size() > shown) b.append("; and ").append(problems.size() - shown).append(" more");
    return b.toString();
  }

  /** What is wrong with the last answer, in schema terms. */
  public List<Problem> problems() {
    return problems;
  }

  /** The requested Java type's name. */
  public String typeName() {
    return typeName;
  }

  /** How many answers were asked for, the repair included. */
  public int attempts() {
    return attempts;
  }
}
