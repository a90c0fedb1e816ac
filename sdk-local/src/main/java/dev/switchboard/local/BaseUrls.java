package dev.switchboard.local;

import java.net.URI;

/** Checks of a local server's base URL, shared by both configs. */
final class BaseUrls {
  private BaseUrls() {}

  /**
   * An absolute http(s) URL with a host and no credentials, query or fragment. Plain http is
   * allowed: these servers run inside the hospital network, mostly without TLS.
   *
   * @throws IllegalArgumentException naming the field
   */
  static URI check(URI url, String field) {
    if (url == null) throw new IllegalArgumentException(field + ": must not be null");
    String scheme = url.getScheme();
    if ((!"http".equals(scheme) && !"https".equals(scheme)) || url.getHost() == null) {
      throw new IllegalArgumentException(field + ": must be an absolute http or https URL");
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException(
          field + ": must not contain credentials (set api-key instead)");
    }
    if (url.getRawQuery() != null || url.getRawFragment() != null) {
      throw new IllegalArgumentException(field + ": must not have a query or fragment");
    }
    return url;
  }
}
