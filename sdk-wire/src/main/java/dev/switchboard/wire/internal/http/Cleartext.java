package dev.switchboard.wire.internal.http;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;

/**
 * The one rule for credentials and plain http, shared by every adapter: a request that carries a
 * credential (an API key, a token, an identity header) goes over https, or over plain http only to
 * a loopback host, where no one else can read it, unless the provider sets {@code
 * allow-insecure-http: true} (a TLS-terminating sidecar, a test rig). A local server without a
 * credential may stay on http.
 */
public final class Cleartext {
  /** The config key that lifts the rule. */
  public static final String ALLOW_KEY = "allow-insecure-http";

  private Cleartext() {}

  /**
   * What is wrong with sending the credential to the URL, or empty when it may go there.
   *
   * @param credential what would travel, for the message (such as {@code an api-key}); null when
   *     nothing secret is sent
   * @param allowInsecure the provider's {@code allow-insecure-http}
   */
  public static Optional<String> problem(URI url, String credential, boolean allowInsecure) {
    if (url == null || credential == null || allowInsecure) return Optional.empty();
    if (!"http".equalsIgnoreCase(url.getScheme()) || isLoopback(url.getHost()))
      return Optional.empty();
    return Optional.of(
        "plain http to a non-loopback host with "
            + credential
            + "; use https or set "
            + ALLOW_KEY
            + ": true");
  }

  /**
   * True for 127.0.0.0/8, ::1 and localhost: no one else can see that traffic. Only literals are
   * resolved, never a name through DNS.
   */
  public static boolean isLoopback(String host) {
    if (host == null) return false;
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (h.toLowerCase(Locale.ROOT).equals("localhost")) return true;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
    try {
      return InetAddress.getByName(h).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }

  /**
   * True for a link-local literal (169.254.0.0/16, fe80::/10), such as Azure's instance metadata
   * service at 169.254.169.254: it is not routed off the machine's own link, and it only serves
   * http.
   */
  public static boolean isLinkLocal(String host) {
    if (host == null) return false;
    String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    if (!h.matches("[0-9.]+|[0-9a-fA-F:]+")) return false;
    try {
      return InetAddress.getByName(h).isLinkLocalAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
