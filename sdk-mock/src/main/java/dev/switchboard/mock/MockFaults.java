package dev.switchboard.mock;

import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import java.time.Duration;

/** Turns a {@link MockFault} into the exception a real adapter would throw, and waits like one. */
final class MockFaults {
  private MockFaults() {}

  /** Throws the fault's exception (after waiting out the read timeout for {@code TIMEOUT}). */
  @SuppressWarnings("DoNotCallSuggester") // it is called, from lambdas that must throw
  static void raise(MockFault fault, AttemptContext context, ErrorContext where) {
    throw exception(fault, context, where);
  }

  static SwitchboardException exception(
      MockFault fault, AttemptContext context, ErrorContext where) {
    switch (fault.kind()) {
      case RATE_LIMITED:
        return new RateLimitedException(
            "rate limited", where.withStatus(429), fault.retryAfter().orElse(null));
      case UNAVAILABLE:
        return new ServiceUnavailableException("service unavailable", where.withStatus(503));
      case TIMEOUT:
        sleep(min(context.readTimeout(), context.remaining()), where);
        return new CallTimeoutException(
            "no response within the read timeout of " + context.readTimeout().toMillis() + " ms",
            where,
            true,
            null);
      case CONTENT_FILTERED:
        return new ContentFilteredException(
            "the prompt was refused by the content filter",
            where.withStatus(400).withErrorCode("content_filter"),
            fault.categories());
      case DISCONNECT:
        return new TransportException("the connection was reset", where, true, null);
      case AUTHENTICATION:
        return new AuthenticationException("the credentials were refused", where.withStatus(401));
      case INVALID_REQUEST:
        return new InvalidRequestException(
            "the request was rejected as invalid", where.withStatus(400));
      default:
        throw new IllegalStateException("unknown fault " + fault.kind());
    }
  }

  /**
   * Waits before answering. A wait longer than the read timeout ends in the timeout a real client
   * would see, after the read timeout.
   */
  static void awaitLatency(Duration latency, AttemptContext context, ErrorContext where) {
    if (latency.isZero()) return;
    Duration limit = min(context.readTimeout(), context.remaining());
    if (latency.compareTo(limit) > 0) {
      sleep(limit, where);
      throw new CallTimeoutException(
          "no response within the read timeout of " + context.readTimeout().toMillis() + " ms",
          where,
          true,
          null);
    }
    sleep(latency, where);
  }

  static void sleep(Duration d, ErrorContext where) {
    if (d.isNegative() || d.isZero()) return;
    try {
      Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for the answer", where, false, e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
