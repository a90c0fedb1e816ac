package dev.switchboard.local;

import java.net.URI;

/**
 * How configs show a server's URL in listings and messages: scheme, host, port and path; nothing
 * else.
 */
final class Describe {
  private Describe() {}

  static String url(URI u) {
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceAll("/+$", "");
    return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "") + path;
  }
}
