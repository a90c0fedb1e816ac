package dev.switchboard.examples.cli;

/**
 * The tool's exit codes, documented in the README; scripts depend on them, so they never change
 * meaning.
 */
final class ExitCodes {
  /** Success. */
  static final int OK = 0;

  /**
   * A failure that trying again will not fix (bad key, bad request, content filter, malformed
   * answer), a server that is down or lacks a model ({@code models}), or an unexpected error.
   */
  static final int FAILED = 1;

  /** A usage, request or config error: a bad flag or value, a missing file, an invalid config. */
  static final int USAGE = 2;

  /** The compliance policy refused the call before anything was sent. */
  static final int POLICY_REFUSED = 3;

  /** A hard budget (or {@code pricing.unknown: block}) refused the call before sending. */
  static final int BUDGET_REFUSED = 4;

  /** A failure that may pass if tried again later (rate limit, unavailable, timeout). */
  static final int RETRYABLE = 5;

  /** {@code audit verify} found the hash chain broken. */
  static final int CHAIN_BROKEN = 6;

  private ExitCodes() {}
}
