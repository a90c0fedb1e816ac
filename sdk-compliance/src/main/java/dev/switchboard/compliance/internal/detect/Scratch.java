package dev.switchboard.compliance.internal.detect;

import java.util.Arrays;

/**
 * The arrays one detect call works in, kept per thread and lent to the next call on that thread: a
 * detect call otherwise allocates about ten bytes per character of text (the characters, token
 * offsets, kinds, flags and candidates), which was the detector's whole share of the hospital
 * pipeline's allocation. A call that finds the thread's arrays lent out (a detector called from
 * inside a detect call) gets fresh ones. Arrays that grew past {@link #KEEP_CHARS} characters are
 * not kept, so one huge text does not pin its buffers to the thread.
 */
final class Scratch {
  /** Texts up to this many characters leave their (grown) arrays to the thread. */
  static final int KEEP_CHARS = 32 * 1024;

  private static final ThreadLocal<Scratch> LOCAL = ThreadLocal.withInitial(Scratch::new);

  private boolean lent;

  // Tokens
  char[] chars = new char[512];
  int[] start = new int[128];
  int[] end = new int[128];
  byte[] kind = new byte[128];
  byte[] gap = new byte[128];
  long[] flags = new long[128];

  /**
   * Token slots [0, tokenHighWater) may hold values of an earlier call; they are cleared past the
   * new call's count, so that a look beyond the last token reads zeros, as in fresh arrays.
   */
  int tokenHighWater;

  // Scan candidates
  byte[] types = new byte[32];
  int[] starts = new int[32];
  int[] ends = new int[32];
  double[] scores = new double[32];
  String[] recognizers = new String[32];

  // NumericRecognizer's cluster: the groups' tokens, separators and lengths
  final int[] numberGroup = new int[NumericRecognizer.MAX_GROUPS];
  final char[] numberSep = new char[NumericRecognizer.MAX_GROUPS];
  final int[] numberLen = new int[NumericRecognizer.MAX_GROUPS];

  /** This thread's arrays, or fresh ones if they are lent out already. */
  static Scratch borrow() {
    Scratch s = LOCAL.get();
    if (s.lent) return new Scratch();
    s.lent = true;
    return s;
  }

  /**
   * Gives the arrays back after the call, keeping their grown sizes unless the text was huge.
   * Candidate recognizer names are constants; nothing of the text stays reachable but its
   * characters, which the next call overwrites (this buffer is never shared across threads).
   */
  void giveBack(Tokens tok, Scan scan) {
    if (tok.chars.length <= KEEP_CHARS) {
      chars = tok.chars;
      start = tok.start;
      end = tok.end;
      kind = tok.kind;
      gap = tok.gap;
      flags = tok.flags;
      tokenHighWater = Math.max(tokenHighWater, tok.count);
      scan.returnCandidates(this);
    } else {
      // Huge: drop to the initial sizes rather than keep megabytes per thread.
      Scratch fresh = new Scratch();
      chars = fresh.chars;
      start = fresh.start;
      end = fresh.end;
      kind = fresh.kind;
      gap = fresh.gap;
      flags = fresh.flags;
      tokenHighWater = 0;
      types = fresh.types;
      starts = fresh.starts;
      ends = fresh.ends;
      scores = fresh.scores;
      recognizers = fresh.recognizers;
    }
    Arrays.fill(chars, 0, Math.min(chars.length, tok.text.length()), '\0');
    lent = false;
  }
}
