package dev.switchboard.compliance.internal.detect;

import java.util.Arrays;

/**
 * The scanned text cut into tokens in one pass: words (letters, with inner apostrophes), numbers
 * (digits), mixed letter-digit runs, and single punctuation characters (and the possessive "'s", so
 * that "Okafor's" is the name "Okafor" and its suffix). Whitespace is not a token; each token
 * records whether whitespace or a line break came before it. Word tokens carry their vocabulary
 * flags, looked up once here. Arrays, not objects, borrowed from the thread's {@link Scratch}, so a
 * scan allocates nothing per character. One instance serves one detect call.
 */
final class Tokens {
  static final byte WORD = 1;
  static final byte NUM = 2;
  static final byte ALNUM = 3;
  static final byte PUNCT = 4;

  static final byte GAP_NONE = 0;
  static final byte GAP_SPACE = 1;
  static final byte GAP_NEWLINE = 2;

  final String text;

  /**
   * The text's characters in [0, length): array reads are cheaper than String.charAt in the hot
   * loop. The array may be longer than the text (it is the thread's reused buffer).
   */
  final char[] chars;

  /** The text's length: the end of {@link #chars}' valid part. */
  final int length;

  int count;
  int[] start;
  int[] end;
  byte[] kind;
  byte[] gap;
  long[] flags;

  /** Tokenizes {@code text} in the arrays of {@code scratch} (grown, never shrunk, as needed). */
  Tokens(String text, WordMap vocabulary, Scratch scratch) {
    this.text = text;
    this.length = text.length();
    this.chars = scratch.chars.length >= length ? scratch.chars : new char[length];
    text.getChars(0, length, chars, 0);
    int cap = Math.max(16, length / 3);
    boolean reuse = scratch.start.length >= cap;
    start = reuse ? scratch.start : new int[cap];
    end = reuse ? scratch.end : new int[cap];
    kind = reuse ? scratch.kind : new byte[cap];
    gap = reuse ? scratch.gap : new byte[cap];
    flags = reuse ? scratch.flags : new long[cap];
    tokenize(vocabulary);
    if (reuse) {
      // Slots past the last token read as zeros, as fresh arrays would.
      int dirty = Math.min(scratch.tokenHighWater, start.length);
      if (dirty > count) {
        Arrays.fill(start, count, dirty, 0);
        Arrays.fill(end, count, dirty, 0);
        Arrays.fill(kind, count, dirty, (byte) 0);
        Arrays.fill(gap, count, dirty, (byte) 0);
        Arrays.fill(flags, count, dirty, 0L);
      }
    }
  }

  private void tokenize(WordMap vocabulary) {
    char[] s = chars;
    int n = length;
    int i = 0;
    byte pendingGap = GAP_NEWLINE;
    while (i < n) {
      char c = s[i];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\u00A0') {
        pendingGap = (byte) Math.max(pendingGap, GAP_SPACE);
        i++;
        continue;
      }
      if (c == '\n' || c == '\f' || c == '\u2028' || c == '\u2029') {
        pendingGap = GAP_NEWLINE;
        i++;
        continue;
      }
      int from = i;
      byte k;
      if (isLetterOrDigit(c)) {
        boolean letters = false;
        boolean digits = false;
        while (i < n) {
          char d = s[i];
          if (d >= '0' && d <= '9') digits = true;
          else if (isLetterOrDigit(d)) letters = true;
          else if ((d == '\'' || d == '\u2019') && i + 1 < n && isLetter(s[i + 1]) && letters) {
            // "O'Brien" is one word; a possessive "'s" is not part of it ("Okafor's" is
            // "Okafor" then the "'s" token), so a name span stops before the suffix.
            if (!digits && possessive(s, n, i + 1)) break;
          } else break;
          i++;
        }
        k = letters ? (digits ? ALNUM : WORD) : NUM;
      } else if ((c == '\'' || c == '\u2019')
          && i > 0
          && isLetter(s[i - 1])
          && possessive(s, n, i + 1)) {
        k = PUNCT; // the possessive suffix "'s" as one punctuation token
        i += 2;
      } else if (c > 127 && Character.isWhitespace(c)) {
        pendingGap = (byte) Math.max(pendingGap, GAP_SPACE);
        i++;
        continue;
      } else {
        k = PUNCT;
        i++;
      }
      add(from, i, k, pendingGap, k == WORD || k == ALNUM ? vocabulary.get(s, from, i) : 0);
      pendingGap = GAP_NONE;
    }
  }

  /** True if {@code s[i]} is an "s" that ends the word (the "s" of a possessive "'s"). */
  private static boolean possessive(char[] s, int n, int i) {
    return i < n && (s[i] == 's' || s[i] == 'S') && (i + 1 == n || !isLetterOrDigit(s[i + 1]));
  }

  private void add(int s, int e, byte k, byte g, long f) {
    if (count == start.length) {
      int cap = count * 2;
      start = Arrays.copyOf(start, cap);
      end = Arrays.copyOf(end, cap);
      kind = Arrays.copyOf(kind, cap);
      gap = Arrays.copyOf(gap, cap);
      flags = Arrays.copyOf(flags, cap);
    }
    start[count] = s;
    end[count] = e;
    kind[count] = k;
    gap[count] = g;
    flags[count] = f;
    count++;
  }

  static boolean isUpper(char c) {
    return c < 128 ? c >= 'A' && c <= 'Z' : Character.isUpperCase(c);
  }

  static boolean isLetter(char c) {
    if (c < 128) return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
    return Character.isLetter(c);
  }

  static boolean isLetterOrDigit(char c) {
    if (c < 128) return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
    return Character.isLetterOrDigit(c);
  }

  // --- accessors used by the recognizers -------------------------------------------------

  int len(int t) {
    return end[t] - start[t];
  }

  char first(int t) {
    return chars[start[t]];
  }

  boolean has(int t, long flag) {
    return t >= 0 && t < count && (flags[t] & flag) != 0;
  }

  boolean isKind(int t, byte k) {
    return t >= 0 && t < count && kind[t] == k;
  }

  /** True if token t is the punctuation character c (or, for an apostrophe, the "'s" suffix). */
  boolean isPunct(int t, char c) {
    return isKind(t, PUNCT) && chars[start[t]] == c;
  }

  /** True if token t follows the previous token with no whitespace between. */
  boolean joined(int t) {
    return t > 0 && t < count && gap[t] == GAP_NONE;
  }

  /** True if a word token starts with an upper-case letter. */
  boolean capitalized(int t) {
    return isKind(t, WORD) && isUpper(chars[start[t]]);
  }

  /** True if every letter of token t is upper case (and it has two or more). */
  boolean allCaps(int t) {
    if (len(t) < 2) return false;
    for (int i = start[t]; i < end[t]; i++) if (Character.isLowerCase(chars[i])) return false;
    return true;
  }

  /** The numeric value of a NUM token of up to 9 digits; -1 if longer. */
  int value(int t) {
    if (len(t) > 9) return -1;
    int v = 0;
    for (int i = start[t]; i < end[t]; i++) v = v * 10 + (chars[i] - '0');
    return v;
  }

  boolean textIs(int t, String word) {
    return len(t) == word.length() && text.regionMatches(true, start[t], word, 0, word.length());
  }
}
