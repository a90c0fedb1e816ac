package dev.switchboard.wire.internal.http;

import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.CharacterCodingException;
import javax.net.ssl.SSLException;

/**
 * Maps I/O failures to the SDK's exceptions. Messages name the failure's kind only: an I/O message
 * can quote a host or a proxy setting, never anything of the request.
 */
public final class IoFailures {
  private IoFailures() {}

  /** The exception for an I/O failure during an attempt (sending or reading the body). */
  public static SwitchboardException map(IOException e, AttemptContext ctx, ErrorContext where) {
    // the caller cancelled: the aborted call fails with whatever OkHttp throws ("Canceled", a
    // closed socket), and none of that is worth a retry
    if (ctx != null && ctx.cancelled()) return cancelled(where, e);
    if (e instanceof LimitExceeded tooLarge) return tooLarge.toException(where);
    if (e instanceof CharacterCodingException) {
      // never replaced with U+FFFD: altered clinical text must not pass as the model's answer
      return new DecodingException("the answer is not valid UTF-8", where, e);
    }
    boolean deadlinePassed = ctx != null && ctx.deadlineNanos() - System.nanoTime() <= 0;
    if (deadlinePassed) {
      return new CallTimeoutException("the call's deadline passed", where, false, e);
    }
    if (e instanceof SocketTimeoutException) {
      String what =
          isConnect(e)
              ? "connecting timed out"
              : "the server did not answer within the read timeout";
      return new CallTimeoutException(what, where, true, e);
    }
    if (e instanceof InterruptedIOException) {
      if (Thread.currentThread().isInterrupted()) {
        return new TransportException("the attempt was interrupted", where, false, e);
      }
      return new CallTimeoutException("the attempt timed out", where, true, e);
    }
    if (e instanceof UnknownHostException) {
      return new TransportException("the endpoint's host name does not resolve", where, true, e);
    }
    if (e instanceof ConnectException) {
      return new TransportException(
          "the endpoint refused or dropped the connection", where, true, e);
    }
    if (e instanceof SSLException) {
      return new TransportException(
          "the TLS handshake failed (" + e.getClass().getSimpleName() + ")", where, false, e);
    }
    return new TransportException(
        "I/O failure (" + e.getClass().getSimpleName() + ")", where, true, e);
  }

  /** The caller cancelled the call or interrupted its thread: not retryable. */
  public static TransportException cancelled(ErrorContext where, IOException cause) {
    return new TransportException("the call was cancelled", where, false, cause);
  }

  private static boolean isConnect(IOException e) {
    String m = e.getMessage();
    return m != null && m.toLowerCase(java.util.Locale.ROOT).contains("connect");
  }
}
