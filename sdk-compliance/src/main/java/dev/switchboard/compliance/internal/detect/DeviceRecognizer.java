package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Device identifiers written as a Unique Device Identifier (Safe Harbor item M): GS1 human-readable
 * form, "(01)" and a GTIN-14 followed by further application identifiers such as (17) expiry, (10)
 * lot and (21) serial; and HIBCC form, "+" with a labeler code, product code, unit of measure, an
 * optional "/" secondary part and the mod-43 check character. A valid check digit or character is
 * enough; without one a device cue (UDI, device, implant, serial...) must come before. Serial
 * numbers after "S/N", "SN" and "serial" are found by the cue recognizer. One instance per detect
 * call.
 */
final class DeviceRecognizer {
  static final String GS1_V = "udi-gs1-v1";
  static final String HIBCC_V = "udi-hibcc-v1";

  private static final Pattern GS1 =
      Pattern.compile("\\(01\\)(\\d{14})(?:\\(\\d{2,4}\\)[\\x21-\\x7E&&[^()]]{1,30})*");
  private static final Pattern HIBCC = Pattern.compile("\\+[A-Z][0-9A-Z\\-.$/+%]{5,70}");
  private static final String HIBC_CHARS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

  private final Scan s;

  DeviceRecognizer(Scan scan) {
    this.s = scan;
  }

  /** Scans the whole text; cheap when it holds neither "(01)" nor "+". */
  void scan() {
    String text = s.text;
    if (text.contains("(01)")) {
      Matcher m = GS1.matcher(text);
      while (m.find()) {
        int end = trimEnd(text, m.start(), m.end());
        boolean valid = gtinValid(m.group(1));
        report(m.start(), end, valid, GS1_V);
      }
    }
    if (text.indexOf('+') >= 0) {
      Matcher m = HIBCC.matcher(text);
      while (m.find()) {
        if (m.start() > 0 && Tokens.isLetterOrDigit(text.charAt(m.start() - 1))) continue;
        int end = m.end();
        boolean valid = hibccValid(text, m.start(), end);
        if (!valid && ".,".indexOf(text.charAt(end - 1)) >= 0) {
          // A sentence's full stop after the code, unless it is the check character.
          end--;
          valid = hibccValid(text, m.start(), end);
        }
        if (end - m.start() < 7 || !hasDigit(text, m.start(), end)) continue;
        report(m.start(), end, valid, HIBCC_V);
      }
    }
  }

  private void report(int start, int end, boolean valid, String recognizer) {
    int token = tokenAt(start);
    boolean cue = token >= 0 && s.cueBefore(token, CUE_DEVICE) >= 0;
    if (valid || cue) s.add(FindingType.DEVICE_ID, start, end, valid ? 0.95 : 0.85, recognizer);
  }

  /** The index of the first token starting at or after character {@code c}, or -1. */
  private int tokenAt(int c) {
    Tokens t = s.tok;
    for (int i = 0; i < t.count; i++) if (t.start[i] >= c) return i;
    return -1;
  }

  /** Drops a sentence's trailing "." or "," from a GS1 match. */
  private static int trimEnd(String text, int start, int end) {
    while (end > start + 18 && ".,;:".indexOf(text.charAt(end - 1)) >= 0) end--;
    return end;
  }

  /** The GS1 mod-10 check digit: weights 3 and 1 from the right, over the first 13 digits. */
  static boolean gtinValid(String gtin14) {
    int sum = 0;
    for (int i = 0; i < 13; i++) sum += (gtin14.charAt(12 - i) - '0') * (i % 2 == 0 ? 3 : 1);
    return (10 - sum % 10) % 10 == gtin14.charAt(13) - '0';
  }

  /** The HIBCC check character: the sum of every character's value, modulo 43. */
  static boolean hibccValid(String text, int start, int end) {
    if (end - start < 3) return false;
    int sum = 0;
    for (int i = start; i < end - 1; i++) {
      int v = HIBC_CHARS.indexOf(text.charAt(i));
      if (v < 0) return false;
      sum += v;
    }
    return HIBC_CHARS.charAt(sum % 43) == text.charAt(end - 1);
  }

  private static boolean hasDigit(String text, int start, int end) {
    for (int i = start; i < end; i++)
      if (text.charAt(i) >= '0' && text.charAt(i) <= '9') return true;
    return false;
  }
}
