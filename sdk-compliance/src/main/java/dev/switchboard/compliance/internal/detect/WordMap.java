package dev.switchboard.compliance.internal.detect;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A case-insensitive map from words to {@code long} flags, looked up straight from a region of the
 * scanned text so that no per-word string is allocated. Built once, then read-only and safe to
 * share between threads.
 *
 * <p>Hand-written because every word of every prompt is looked up here (the detector's hottest
 * loop) in a table of some 50,000 words, far larger than the CPU's caches: open addressing over one
 * {@code long[]} that keeps, side by side, each slot's hash, where its word sits in one shared
 * {@code char[]}, and its flags. A probe that meets another word's hash moves on without reading
 * that word, and a hit reads two places in memory, where a table of {@code String} keys read four
 * (the slot, the string, its bytes, the flags).
 */
final class WordMap {
  // A slot keeps a word's length in 8 bits; longer words (none in the vocabulary, perhaps a
  // patient's name part) live in a plain map beside the table.
  private static final int MAX_LENGTH = 255;

  // slot i: table[2i] = hash << 32 | offset in pool << 8 | length (0: empty); table[2i + 1] = flags
  private final long[] table;
  private final int mask;
  private char[] pool = new char[1024];
  private int pooled;
  private int size;
  private final Map<String, Long> longWords = new HashMap<>();

  WordMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    table = new long[cap * 2];
    mask = cap - 1;
  }

  /** Adds {@code flags} to a word (ORed with what it has); call only while building. */
  void add(String word, long flags) {
    String key = word.toLowerCase(Locale.ROOT);
    int length = key.length();
    if (length == 0) return;
    if (length > MAX_LENGTH) {
      longWords.merge(key, flags, (a, b) -> a | b);
      return;
    }
    int h = hash(key, 0, length);
    int slot = h & mask;
    while (true) {
      long meta = table[slot << 1];
      if (meta == 0) break;
      if (matches(meta, h, length) && sameAs(meta, key)) {
        table[(slot << 1) + 1] |= flags;
        return;
      }
      slot = (slot + 1) & mask;
    }
    if (++size * 2 > mask + 1) throw new IllegalStateException("WordMap: capacity exceeded");
    if (pooled + length > pool.length) pool = Arrays.copyOf(pool, (pooled + length) * 2);
    if (pooled >= 1 << 24) throw new IllegalStateException("WordMap: too many characters");
    key.getChars(0, length, pool, pooled);
    table[slot << 1] = (long) h << 32 | (long) pooled << 8 | length;
    table[(slot << 1) + 1] = flags;
    pooled += length;
  }

  /** The flags of the word {@code s[start, end)}, ignoring case; 0 if unknown. */
  long get(char[] s, int start, int end) {
    int length = end - start;
    if (length > MAX_LENGTH) return longWord(new String(s, start, length));
    int h = 0;
    for (int i = start; i < end; i++) h = 31 * h + lower(s[i]);
    h ^= h >>> 16;
    int slot = h & mask;
    while (true) {
      long meta = table[slot << 1];
      if (meta == 0) return 0;
      if (matches(meta, h, length)) {
        int at = (int) meta >>> 8;
        int i = 0;
        while (i < length && pool[at + i] == lower(s[start + i])) i++;
        if (i == length) return table[(slot << 1) + 1];
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The flags of the word {@code s[start, end)}, ignoring case; 0 if unknown. The same probe as the
   * {@code char[]} lookup, kept as its twin: that one is the tokenizer's hot loop, and one body
   * over {@code CharSequence} would read every character through an interface call.
   */
  long get(CharSequence s, int start, int end) {
    int length = end - start;
    if (length > MAX_LENGTH) return longWord(s.subSequence(start, end).toString());
    int h = hash(s, start, end);
    int slot = h & mask;
    while (true) {
      long meta = table[slot << 1];
      if (meta == 0) return 0;
      if (matches(meta, h, length)) {
        int at = (int) meta >>> 8;
        int i = 0;
        while (i < length && pool[at + i] == lower(s.charAt(start + i))) i++;
        if (i == length) return table[(slot << 1) + 1];
      }
      slot = (slot + 1) & mask;
    }
  }

  long get(String word) {
    return get(word, 0, word.length());
  }

  private long longWord(String word) {
    if (longWords.isEmpty()) return 0;
    StringBuilder lower = new StringBuilder(word.length());
    for (int i = 0; i < word.length(); i++) lower.append(lower(word.charAt(i)));
    return longWords.getOrDefault(lower.toString(), 0L);
  }

  private static boolean matches(long meta, int hash, int length) {
    return (int) (meta >>> 32) == hash && (meta & 0xFF) == length;
  }

  private boolean sameAs(long meta, String key) {
    int at = (int) meta >>> 8;
    for (int i = 0; i < key.length(); i++) if (pool[at + i] != key.charAt(i)) return false;
    return true;
  }

  private static int hash(CharSequence s, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) h = 31 * h + lower(s.charAt(i));
    return h ^ (h >>> 16);
  }

  static char lower(char c) {
    if (c < 128) return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    return Character.toLowerCase(c);
  }
}
