package dev.switchboard.testkit.server;

/** A scripted failure a {@link VendorServer} answers one request with. */
public enum Fault {
  /** 503 with the vendor's error body: retryable. */
  UNAVAILABLE,
  /** 429 with {@code retry-after: 1} and the vendor's error body: retryable. */
  RATE_LIMITED,
  /** 401 with the vendor's error body: not retryable. */
  UNAUTHORIZED,
  /** 400 with the vendor's error body: not retryable. */
  BAD_REQUEST,
  /** The connection is reset before any response: retryable. */
  CONNECTION_RESET,
  /** A 200 whose body is not JSON: a decoding error. */
  MALFORMED_BODY,
  /** A stream that ends before its end marker: retryable before any event, else interrupted. */
  CUT_STREAM
}
