package dev.switchboard.compliance.internal.detect;

import java.util.Locale;

/**
 * A case-insensitive map from words to {@code long} flags, looked up straight from a region of the
 * scanned text so that no per-word string is allocated. Open addressing; built once, then read-only
 * and safe to share between threads.
 */
final class WordMap {
  private final String[] keys;
  private final long[] values;
  private final int mask;
  private int size;

  WordMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    keys = new String[cap];
    values = new long[cap];
    mask = cap - 1;
  }

  /** Adds {@code flags} to a word (ORed with what it has); call only while building. */
  void add(String word, long flags) {
    String key = word.toLowerCase(Locale.ROOT);
    int slot = hash(key, 0, key.length()) & mask;
    while (keys[slot] != null && !keys[slot].equals(key)) slot = (slot + 1) & mask;
    if (keys[slot] == null) {
      if (++size * 2 > keys.length) throw new IllegalStateException("WordMap: capacity exceeded");
      keys[slot] = key;
    }
    values[slot] |= flags;
  }

  /** The flags of the word {@code s[start, end)}, ignoring case; 0 if unknown. */
  long get(CharSequence s, int start, int end) {
    int slot = hash(s, start, end) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) return 0;
      if (equalsIgnoreCase(key, s, start, end)) return values[slot];
      slot = (slot + 1) & mask;
    }
  }

  /** The flags of the word {@code s[start, end)}, ignoring case; 0 if unknown. */
  long get(char[] s, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) h = 31 * h + lower(s[i]);
    int slot = (h ^ (h >>> 16)) & mask;
    while (true) {
      String key = keys[slot];
      if (key == null) return 0;
      if (key.length() == end - start && equalsIgnoreCase(key, s, start)) return values[slot];
      slot = (slot + 1) & mask;
    }
  }

  private static boolean equalsIgnoreCase(String key, char[] s, int start) {
    for (int i = 0; i < key.length(); i++) if (key.charAt(i) != lower(s[start + i])) return false;
    return true;
  }

  long get(String word) {
    return get(word, 0, word.length());
  }

  private static int hash(CharSequence s, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) h = 31 * h + lower(s.charAt(i));
    return h ^ (h >>> 16);
  }

  private static boolean equalsIgnoreCase(String key, CharSequence s, int start, int end) {
    if (key.length() != end - start) return false;
    for (int i = 0; i < key.length(); i++)
      if (key.charAt(i) != lower(s.charAt(start + i))) return false;
    return true;
  }

  static char lower(char c) {
    if (c < 128) return c >= 'A' && c <= 'Z' ? (char) (c + 32) : c;
    return Character.toLowerCase(c);
  }
}
