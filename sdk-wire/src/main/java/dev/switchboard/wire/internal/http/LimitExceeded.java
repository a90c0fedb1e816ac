package dev.switchboard.wire.internal.http;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ResponseTooLargeException;
import java.io.IOException;

/**
 * Thrown by a bounded reader when an answer outgrows one of the provider's {@link
 * dev.switchboard.spi.ResponseLimits}. An {@link IOException} so that it passes unchanged through
 * Jackson and Okio, which rethrow I/O failures of the stream they read; {@link IoFailures#map}
 * turns it into a {@link ResponseTooLargeException}.
 */
public final class LimitExceeded extends IOException {
  private static final long serialVersionUID = 1L;

  /** The config key of the limit. */
  private final String limit;

  /** The limit's value. */
  private final long maximum;

  public LimitExceeded(String limit, long maximum) {
    super("the answer exceeded " + limit + " (" + maximum + ")");
    this.limit = limit;
    this.maximum = maximum;
  }

  /** The SDK's exception for this failure. */
  public ResponseTooLargeException toException(ErrorContext where) {
    // no cause: this exception says nothing the SDK's own does not, and is internal
    return new ResponseTooLargeException(limit, maximum, where);
  }
}
