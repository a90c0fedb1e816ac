package dev.switchboard.mock;

import dev.switchboard.spi.Checks;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * A failure the mock injects instead of (or, for {@link Kind#DISCONNECT}, in the middle of) a
 * reply. Each kind surfaces as the exception a real adapter would throw.
 *
 * @since 0.1
 */
public final class MockFault {
  /** The kinds of fault. */
  public enum Kind {
    /** 429 with an optional retry-after: {@code RateLimitedException}. */
    RATE_LIMITED,
    /** 503: {@code ServiceUnavailableException}. */
    UNAVAILABLE,
    /** No answer within the read timeout: {@code CallTimeoutException} after waiting that long. */
    TIMEOUT,
    /** 400 content filter: {@code ContentFilteredException} with categories. */
    CONTENT_FILTERED,
    /** The connection drops: before the answer for chat, after some chunks for a stream. */
    DISCONNECT,
    /** 401: {@code AuthenticationException}. */
    AUTHENTICATION,
    /** 400: {@code InvalidRequestException}. */
    INVALID_REQUEST
  }

  private final Kind kind;
  private final Duration retryAfter;
  private final Set<String> categories;
  private final int afterChunks;

  private MockFault(Kind kind, Duration retryAfter, Set<String> categories, int afterChunks) {
    this.kind = Checks.notNull(kind, "MockFault.kind");
    this.retryAfter = retryAfter;
    this.categories = Set.copyOf(categories);
    Checks.check(afterChunks >= 0, "MockFault.afterChunks", "must not be negative");
    this.afterChunks = afterChunks;
  }

  /** 429 Too Many Requests, asking to wait {@code retryAfter} (null for no header). */
  public static MockFault rateLimited(Duration retryAfter) {
    return new MockFault(Kind.RATE_LIMITED, retryAfter, Set.of(), 0);
  }

  /** 503 Service Unavailable. */
  public static MockFault unavailable() {
    return new MockFault(Kind.UNAVAILABLE, null, Set.of(), 0);
  }

  /** No answer until the attempt's read timeout passes. */
  public static MockFault timeout() {
    return new MockFault(Kind.TIMEOUT, null, Set.of(), 0);
  }

  /** The provider's content filter refused the prompt. */
  public static MockFault contentFiltered(String... categories) {
    return new MockFault(Kind.CONTENT_FILTERED, null, Set.of(categories), 0);
  }

  /** The connection drops after {@code afterChunks} streamed chunks (immediately for chat). */
  public static MockFault disconnect(int afterChunks) {
    return new MockFault(Kind.DISCONNECT, null, Set.of(), afterChunks);
  }

  /** 401 Unauthorized. */
  public static MockFault authentication() {
    return new MockFault(Kind.AUTHENTICATION, null, Set.of(), 0);
  }

  /** 400 Bad Request. */
  public static MockFault invalidRequest() {
    return new MockFault(Kind.INVALID_REQUEST, null, Set.of(), 0);
  }

  public Kind kind() {
    return kind;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public Set<String> categories() {
    return categories;
  }

  /** For {@link Kind#DISCONNECT}: chunks streamed before the drop. */
  public int afterChunks() {
    return afterChunks;
  }

  @Override
  public String toString() {
    return "MockFault["
        + kind
        + (retryAfter == null ? "" : ", retryAfter=" + retryAfter.toMillis() + "ms")
        + (kind == Kind.DISCONNECT ? ", afterChunks=" + afterChunks : "")
        + "]";
  }
}
