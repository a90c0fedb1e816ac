package dev.switchboard.compliance.internal.detect;

import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * The state of one detect call: the tokens, helpers to look around a token, and the candidate
 * findings the recognizers propose. {@link #resolve(double)} keeps the best non-overlapping
 * candidates. Confined to one thread.
 */
final class Scan {
  /**
   * A cue this many word or number tokens before a hit raises its confidence (Presidio uses 5
   * words).
   */
  static final int CUE_WINDOW = 5;

  /** What a cue adds to a recognizer's base confidence. */
  static final double CUE_BOOST = 0.35;

  final String text;
  final Tokens tok;
  private int n;
  private byte[] types;
  private int[] starts;
  private int[] ends;
  private double[] scores;
  private String[] recognizers;
  private final Scratch scratch;
  private static final FindingType[] TYPES = FindingType.values();

  /** The detect call's scratch arrays, for recognizers that need a few of their own. */
  Scratch scratch() {
    return scratch;
  }

  /** A scan working in {@code scratch}'s arrays, which {@link #release} gives back. */
  Scan(String text, WordMap vocabulary, Scratch scratch) {
    this.text = text;
    this.tok = new Tokens(text, vocabulary, scratch);
    this.scratch = scratch;
    types = scratch.types;
    starts = scratch.starts;
    ends = scratch.ends;
    scores = scratch.scores;
    recognizers = scratch.recognizers;
  }

  /** Gives the arrays back to the thread; the scan is not used after. */
  void release() {
    scratch.giveBack(tok, this);
  }

  /** Hands the (possibly grown) candidate arrays to {@code s} for the next call. */
  void returnCandidates(Scratch s) {
    s.types = types;
    s.starts = starts;
    s.ends = ends;
    s.scores = scores;
    s.recognizers = recognizers;
  }

  /** Proposes a finding over the characters [start, end). */
  @SuppressWarnings(
      "EnumOrdinal") // types are packed into a byte array on the hot path, never persisted
  void add(FindingType type, int start, int end, double score, String recognizer) {
    if (end <= start) return;
    if (n == types.length) grow();
    types[n] = (byte) type.ordinal();
    starts[n] = start;
    ends[n] = end;
    scores[n] = Math.min(0.99, score);
    recognizers[n] = recognizer;
    n++;
  }

  /** Proposes a finding over the tokens [from, to] (inclusive). */
  void addTokens(FindingType type, int from, int to, double score, String recognizer) {
    add(type, tok.start[from], tok.end[to], score, recognizer);
  }

  /**
   * The base score, raised when a token with one of {@code cues} is within the cue window before
   * token {@code t}.
   */
  double score(double base, int t, long cues) {
    return cueBefore(t, cues) >= 0 ? Math.max(0.4, base + CUE_BOOST) : base;
  }

  /**
   * The index of the nearest token before {@code t} (within the cue window) carrying one of {@code
   * cues}, or -1.
   */
  int cueBefore(int t, long cues) {
    int words = 0;
    for (int i = t - 1; i >= 0 && i >= t - 3 * CUE_WINDOW; i--) {
      if (endsSentence(i, cues)) break;
      if (tok.kind[i] != Tokens.PUNCT) {
        if ((tok.flags[i] & cues) != 0) return i;
        if (++words >= CUE_WINDOW) break;
      }
    }
    return -1;
  }

  /**
   * A cue does not reach across ";" "!" "?" or a full stop that is not an abbreviation ("Tel.",
   * "no.").
   */
  private boolean endsSentence(int i, long cues) {
    if (tok.kind[i] != Tokens.PUNCT) return false;
    char c = tok.first(i);
    if (c == ';' || c == '!' || c == '?') return true;
    return c == '.' && i > 0 && (tok.flags[i - 1] & cues) == 0 && tok.len(i - 1) > 3;
  }

  /**
   * True if a token with one of {@code flags} lies within {@code window} word tokens after {@code
   * t}.
   */
  boolean flagAfter(int t, long flags, int window) {
    int words = 0;
    for (int i = t + 1; i < tok.count && words < window; i++) {
      if (tok.kind[i] == Tokens.PUNCT) continue;
      if ((tok.flags[i] & flags) != 0) return true;
      words++;
    }
    return false;
  }

  /**
   * Keeps candidates at or above {@code minScore}: higher score first, then longer, never
   * overlapping.
   */
  /** Findings never overlap, so their starts differ: the start alone is text order. */
  private static final java.util.Comparator<Finding> BY_START =
      (a, b) -> Integer.compare(a.start(), b.start());

  List<Finding> resolve(double minScore) {
    // Sort keys: score (in hundredths) descending, then length descending, then insertion order.
    long[] order = new long[n];
    int m = 0;
    for (int i = 0; i < n; i++) {
      if (scores[i] < minScore) continue;
      long score = 100 - Math.round(scores[i] * 100);
      long length = Math.max(0, 0xFFFFF - (ends[i] - starts[i]));
      order[m++] = (score << 52) | (length << 32) | i;
    }
    Arrays.sort(order, 0, m);
    BitSet taken = new BitSet(text.length());
    List<Finding> out = new ArrayList<>(m);
    for (int o = 0; o < m; o++) {
      int i = (int) order[o];
      int next = taken.nextSetBit(starts[i]);
      if (next >= 0 && next < ends[i]) continue;
      taken.set(starts[i], ends[i]);
      out.add(new Finding(TYPES[types[i]], starts[i], ends[i], round(scores[i]), recognizers[i]));
    }
    // In text order, as Detection keeps them: sorted here in place, so Detection only copies.
    out.sort(BY_START);
    return out;
  }

  private static double round(double s) {
    return Math.round(s * 100) / 100.0;
  }

  private void grow() {
    int cap = n * 2;
    types = Arrays.copyOf(types, cap);
    starts = Arrays.copyOf(starts, cap);
    ends = Arrays.copyOf(ends, cap);
    scores = Arrays.copyOf(scores, cap);
    recognizers = Arrays.copyOf(recognizers, cap);
  }
}
