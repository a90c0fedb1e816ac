package dev.switchboard.spi;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How much of an answer an HTTP adapter reads before it gives up with a {@link
 * dev.switchboard.error.ResponseTooLargeException}: the bounds that keep a hostile or broken server
 * from running the JVM out of memory. Enforced while reading, never after. Adapters read them from
 * the provider's {@code limits} config section with {@link #read}:
 *
 * <pre>
 * limits:
 *   max-response-bytes: 16MB   # a whole non-streamed body
 *   max-stream-line: 1MB       # one SSE line or NDJSON line of a stream
 *   max-streamed-text: 4M      # characters of text one stream may deliver
 *   max-tool-arguments: 4M     # characters of tool-call arguments one answer may carry
 * </pre>
 *
 * <p>Values are a whole number with an optional binary suffix {@code K}, {@code M} or {@code G}
 * (with or without a trailing {@code B}): {@code 16MB} is 16 x 1024 x 1024.
 *
 * @param maxResponseBytes bytes of a non-streamed response body
 * @param maxStreamLine bytes of one line of a stream (an SSE field line, an NDJSON document)
 * @param maxStreamedText characters of text deltas one stream may deliver in total
 * @param maxToolArguments characters of tool-call arguments one answer may carry in total
 * @since 0.1
 */
public record ResponseLimits(
    long maxResponseBytes, long maxStreamLine, long maxStreamedText, long maxToolArguments) {
  /** Key of {@link #maxResponseBytes}. */
  public static final String MAX_RESPONSE_BYTES = "max-response-bytes";

  /** Key of {@link #maxStreamLine}. */
  public static final String MAX_STREAM_LINE = "max-stream-line";

  /** Key of {@link #maxStreamedText}. */
  public static final String MAX_STREAMED_TEXT = "max-streamed-text";

  /** Key of {@link #maxToolArguments}. */
  public static final String MAX_TOOL_ARGUMENTS = "max-tool-arguments";

  private static final long K = 1024;

  /**
   * The defaults: 16 MB bodies, 1 MB stream lines, 4 M characters of streamed text and of tool
   * arguments. A long answer (128k tokens) is about 0.5 M characters; a batch of 2048 large
   * embeddings can need a larger {@code max-response-bytes}.
   */
  public static final ResponseLimits DEFAULTS =
      new ResponseLimits(16 * K * K, K * K, 4 * K * K, 4 * K * K);

  private static final Pattern SIZE = Pattern.compile("(\\d{1,12})\\s*([KMG]?)(?:I?B)?");

  /**
   * @throws IllegalArgumentException if a limit is not positive
   */
  public ResponseLimits {
    positive(maxResponseBytes, "maxResponseBytes");
    positive(maxStreamLine, "maxStreamLine");
    positive(maxStreamedText, "maxStreamedText");
    positive(maxToolArguments, "maxToolArguments");
  }

  private static void positive(long v, String name) {
    if (v < 1) throw new IllegalArgumentException("ResponseLimits." + name + ": must be positive");
  }

  /**
   * Reads a provider's {@code limits} section (keys above; absent ones keep their default),
   * reporting problems through the settings. The defaults when the section is absent.
   */
  public static ResponseLimits read(ProviderSettings provider) {
    Optional<ProviderSettings> section = provider.section("limits");
    if (section.isEmpty()) return DEFAULTS;
    ProviderSettings s = section.get();
    return new ResponseLimits(
        size(s, MAX_RESPONSE_BYTES, DEFAULTS.maxResponseBytes),
        size(s, MAX_STREAM_LINE, DEFAULTS.maxStreamLine),
        size(s, MAX_STREAMED_TEXT, DEFAULTS.maxStreamedText),
        size(s, MAX_TOOL_ARGUMENTS, DEFAULTS.maxToolArguments));
  }

  private static long size(ProviderSettings s, String key, long fallback) {
    Optional<Object> raw = s.raw(key);
    if (raw.isEmpty()) return fallback;
    Optional<Long> v = parseSize(String.valueOf(raw.get()));
    if (v.isEmpty() || v.get() < 1) {
      s.problem(key, "must be a positive size such as 1048576, 512KB, 16MB or 1GB");
      return fallback;
    }
    return v.get();
  }

  /**
   * A size such as {@code 1048576}, {@code 512K}, {@code 16MB} or {@code 1GiB}; empty if malformed.
   */
  static Optional<Long> parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip().toUpperCase(Locale.ROOT));
    if (!m.matches()) return Optional.empty();
    long n = Long.parseLong(m.group(1));
    long unit =
        switch (m.group(2)) {
          case "K" -> K;
          case "M" -> K * K;
          case "G" -> K * K * K;
          default -> 1;
        };
    return n > Long.MAX_VALUE / unit ? Optional.empty() : Optional.of(n * unit);
  }
}
