package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;

/**
 * Email addresses, web addresses (with a scheme, "www." or a known top-level domain) and IPv6
 * addresses.
 */
final class NetRecognizer {
  static final String EMAIL_V = "email-v1";
  static final String URL_V = "url-v1";
  static final String IP_V = "ip-v1";

  private final Scan s;
  private final Tokens t;
  private final String text;
  private int ipv6ScannedTo = -1;

  NetRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
    this.text = scan.text;
  }

  /** An email address around the "@" at token {@code i}. */
  void email(int i) {
    int at = t.start[i];
    int from = at;
    while (from > 0 && localChar(text.charAt(from - 1))) from--;
    int to = at + 1;
    while (to < text.length() && domainChar(text.charAt(to))) to++;
    while (to > at + 1 && (text.charAt(to - 1) == '.' || text.charAt(to - 1) == '-')) to--;
    if (from == at || !validDomain(at + 1, to)) return;
    s.add(FindingType.EMAIL, from, to, s.score(0.95, i, CUE_EMAIL), EMAIL_V);
  }

  private boolean validDomain(int from, int to) {
    int dot = text.lastIndexOf('.', to - 1);
    if (dot <= from || to - dot - 1 < 2) return false;
    for (int k = dot + 1; k < to; k++) if (!Tokens.isLetter(text.charAt(k))) return false;
    return true;
  }

  /** A URL at "http", "https", "ftp" or "www" token {@code i}. */
  void url(int i) {
    boolean www = t.textIs(i, "www") && t.isPunct(i + 1, '.') && t.joined(i + 1);
    boolean scheme =
        t.isPunct(i + 1, ':') && t.joined(i + 1) && t.isPunct(i + 2, '/') && t.isPunct(i + 3, '/');
    if (!www && !scheme) return;
    if (t.joined(i) && t.isKind(i - 1, Tokens.WORD)) return;
    int to = urlEnd(t.end[i]);
    if (to - t.start[i] > 8) s.add(FindingType.URL, t.start[i], to, 0.95, URL_V);
  }

  /** A bare domain ("mychart.example.org/login") ending at top-level-domain token {@code i}. */
  void bareDomain(int i) {
    if (!t.isPunct(i - 1, '.') || !t.joined(i) || !t.joined(i - 1)) return;
    if (!(t.isKind(i - 2, Tokens.WORD)
        || t.isKind(i - 2, Tokens.ALNUM)
        || t.isKind(i - 2, Tokens.NUM))) return;
    if (t.joined(i + 1) && (t.isKind(i + 1, Tokens.WORD) || t.isKind(i + 1, Tokens.ALNUM))) return;
    int from = t.start[i - 2];
    while (from > 0 && hostChar(text.charAt(from - 1))) from--;
    if (from > 0 && (text.charAt(from - 1) == '@' || text.charAt(from - 1) == '/')) return;
    int to = t.end[i];
    if (to < text.length() && (text.charAt(to) == '/' || text.charAt(to) == ':')) to = urlEnd(to);
    if (!Tokens.isLetterOrDigit(text.charAt(from))) return;
    s.add(FindingType.URL, from, to, s.score(0.7, i - 2, CUE_URL), URL_V);
  }

  private int urlEnd(int from) {
    int to = from;
    while (to < text.length()
        && !Character.isWhitespace(text.charAt(to))
        && "<>\"'`|".indexOf(text.charAt(to)) < 0) to++;
    while (to > from && ".,;:!?)]}".indexOf(text.charAt(to - 1)) >= 0) to--;
    return to;
  }

  /** An IPv6 address through the ":" at token {@code i} (two or more colons, valid groups). */
  void ipv6(int i) {
    int c = t.start[i];
    if (c < ipv6ScannedTo) return;
    int from = c;
    while (from > 0 && ipv6Char(text.charAt(from - 1))) from--;
    int to = c + 1;
    while (to < text.length() && (ipv6Char(text.charAt(to)) || text.charAt(to) == '.')) to++;
    while (to > c && text.charAt(to - 1) == '.') to--;
    ipv6ScannedTo = to;
    if (from > 0 && Tokens.isLetterOrDigit(text.charAt(from - 1))) return;
    if (to < text.length() && Tokens.isLetterOrDigit(text.charAt(to))) return;
    int colons = 0;
    for (int k = from; k < to; k++) if (text.charAt(k) == ':') colons++;
    if (colons < 2 || to - from < 3) return;
    if (Validators.ipv6(text.substring(from, to)))
      s.add(FindingType.IP_ADDRESS, from, to, s.score(0.85, i, CUE_IP), IP_V);
  }

  private static boolean localChar(char c) {
    return Tokens.isLetterOrDigit(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
  }

  private static boolean domainChar(char c) {
    return Tokens.isLetterOrDigit(c) || c == '.' || c == '-';
  }

  private static boolean hostChar(char c) {
    return c < 128 && (Tokens.isLetterOrDigit(c) || c == '.' || c == '-');
  }

  private static boolean ipv6Char(char c) {
    return c == ':' || (Character.digit(c, 16) >= 0 && c < 128);
  }
}
