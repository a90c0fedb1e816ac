package dev.switchboard.local.internal;

import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.ServerStatus;

/** A failed health probe as a {@link ServerStatus}: down (and why) or loading. */
public final class Statuses {
  private Statuses() {}

  /**
   * The status a failed probe shows; {@code loadingOn503} for servers whose 503 means "loading".
   */
  public static ServerStatus of(SwitchboardException e, boolean loadingOn503) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String why = LocalEndpoint.unreachable(t);
      if (why != null) return ServerStatus.down(why);
      if (t instanceof CallTimeoutException)
        return ServerStatus.down("no answer within the discovery timeout");
    }
    if (e instanceof AuthenticationException a)
      return ServerStatus.down("the API key was refused (" + a.statusCode() + ")");
    if (e instanceof ServiceException s && s.statusCode() == 503 && loadingOn503) {
      return ServerStatus.loading("the model is still loading (503)");
    }
    if (e instanceof ServiceException s && s.statusCode() > 0)
      return ServerStatus.down("answered " + s.statusCode());
    if (e instanceof TransportException) return ServerStatus.down("the connection failed");
    return ServerStatus.down(e.getClass().getSimpleName());
  }
}
