package dev.switchboard.error;

/**
 * The provider's answer outgrew one of the provider's configured limits (a body, one stream line,
 * the streamed text or the tool-call arguments) and was cut off while it was read, so that a
 * hostile or broken server cannot run the JVM out of memory. The connection is closed. Not
 * retryable: the same request would most likely get the same answer. {@link #limit()} names the
 * config key under the provider's {@code limits} section.
 *
 * @since 0.1
 */
public class ResponseTooLargeException extends DecodingException {
  private static final long serialVersionUID = 1L;

  private final String limit;
  private final long maximum;

  /**
   * @param limit the config key of the limit, such as {@code max-response-bytes}
   * @param maximum the limit's value (bytes or characters, as the key says)
   * @param context where it happened (provider, model)
   */
  public ResponseTooLargeException(String limit, long maximum, ErrorContext context) {
    super(describe(limit, maximum, context), context);
    this.limit = limit;
    this.maximum = maximum;
  }

  private static String describe(String limit, long maximum, ErrorContext context) {
    String provider = context == null || context.provider() == null ? "<id>" : context.provider();
    return "the answer exceeded the limit "
        + limit
        + " ("
        + maximum
        + ") and was cut off; raise providers."
        + provider
        + ".limits."
        + limit
        + " if such answers are expected";
  }

  /** The config key of the limit that was exceeded, such as {@code max-stream-line}. */
  public String limit() {
    return limit;
  }

  /**
   * The limit's value: bytes for {@code max-response-bytes} and {@code max-stream-line}, else
   * characters.
   */
  public long maximum() {
    return maximum;
  }
}
