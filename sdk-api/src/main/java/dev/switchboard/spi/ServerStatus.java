package dev.switchboard.spi;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Whether a server is up, as {@link ModelDiscovery#status()} found it.
 *
 * @param state up, loading or down
 * @param version the server's version when it reports one, else null
 * @param detail why it is not up (for example "connection refused"), or null; never a secret
 * @since 0.1
 */
public record ServerStatus(State state, @Nullable String version, @Nullable String detail) {
  /** The states a server can be in. */
  public enum State {
    /** Answering. */
    UP,
    /** Reachable but still loading its model (llama.cpp's 503 "Loading model"). */
    LOADING,
    /** Not reachable, or its health endpoint reports a failure. */
    DOWN
  }

  public ServerStatus {
    Checks.notNull(state, "ServerStatus.state");
  }

  /** An answering server, with its version if known. */
  public static ServerStatus up(String version) {
    return new ServerStatus(State.UP, version, null);
  }

  /** A server still loading its model. */
  public static ServerStatus loading(String detail) {
    return new ServerStatus(State.LOADING, null, detail);
  }

  /** A server that is down, and why. */
  public static ServerStatus down(String detail) {
    return new ServerStatus(State.DOWN, null, detail);
  }

  public Optional<String> versionIfKnown() {
    return Optional.ofNullable(version);
  }

  /** {@code up (version 0.12.3)}, {@code loading: ...}, {@code down: connection refused}. */
  public String describe() {
    return switch (state) {
      case UP -> "up" + (version == null ? "" : " (version " + version + ")");
      case LOADING -> "loading" + (detail == null ? "" : ": " + detail);
      case DOWN -> "down" + (detail == null ? "" : ": " + detail);
    };
  }
}
