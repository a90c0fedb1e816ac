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
 *
 * <p>Nearly all the vocabulary's words (40,360 of 41,493) are 1 to 12 letters a-z. Those are kept
 * apart, in a second table whose key is the word itself, its letters packed five bits each into one
 * {@code long} beside its flags: a hit reads one slot and nothing else, and the key comparison is
 * exact (no hash decides a match). Between two calls the network stack and the rest of the pipeline
 * push the table out of the CPU's caches, so in a real pipeline most lookups miss the cache; one
 * read where there were two that depended on each other is what matters there.
 */
final class WordMap {
  // A slot keeps a word's length in 8 bits; longer words (none in the vocabulary, perhaps a
  // patient's name part) live in a plain map beside the table.
  private static final int MAX_LENGTH = 255;

  // The longest word packed into one long, five bits a letter ('a' is 1, 'z' 26; 0 marks none).
  private static final int MAX_PACKED = 12;

  // slot i: table[2i] = hash << 32 | offset in pool << 8 | length (0: empty); table[2i + 1] = flags
  private final long[] table;
  private final int mask;
  // slot i: packed[2i] = the packed word (0: empty); packed[2i + 1] = flags
  private final long[] packed;
  private int packedSize;
  private char[] pool = new char[1024];
  private int pooled;
  private int size;
  private final Map<String, Long> longWords = new HashMap<>();

  WordMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(16, expected * 2) - 1) << 1;
    table = new long[cap * 2];
    packed = new long[cap * 2];
    mask = cap - 1;
  }

  /** Adds {@code flags} to a word (ORed with what it has); call only while building. */
  void add(String word, long flags) {
    String key = word.toLowerCase(Locale.ROOT);
    int length = key.length();
    if (length == 0) return;
    long packedKey = pack(key, 0, length);
    if (packedKey != 0) {
      addPacked(packedKey, flags);
      return;
    }
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

  private void addPacked(long word, long flags) {
    int slot = slotOf(word);
    while (true) {
      long at = packed[slot << 1];
      if (at == word) {
        packed[(slot << 1) + 1] |= flags;
        return;
      }
      if (at == 0) break;
      slot = (slot + 1) & mask;
    }
    if (++packedSize * 2 > mask + 1) throw new IllegalStateException("WordMap: capacity exceeded");
    packed[slot << 1] = word;
    packed[(slot << 1) + 1] = flags;
  }

  /** The flags of the word {@code s[start, end)}, ignoring case; 0 if unknown. */
  long get(char[] s, int start, int end) {
    long word = pack(s, start, end);
    if (word != 0) return packedFlags(word);
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
    long word = pack(s, start, end);
    if (word != 0) return packedFlags(word);
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

  private long packedFlags(long word) {
    int slot = slotOf(word);
    while (true) {
      long at = packed[slot << 1];
      if (at == word) return packed[(slot << 1) + 1];
      if (at == 0) return 0;
      slot = (slot + 1) & mask;
    }
  }

  private int slotOf(long word) {
    return (int) ((word * 0x9E3779B97F4A7C15L) >>> 32) & mask;
  }

  /**
   * The word {@code s[start, end)} lowercased, five bits a letter, first letter highest; 0 if it is
   * empty, longer than {@link #MAX_PACKED} or has a character other than a letter a-z once
   * lowercased. No letter is 0, so two words of different lengths never pack alike.
   */
  private static long pack(char[] s, int start, int end) {
    if (end - start > MAX_PACKED) return 0;
    long word = 0;
    for (int i = start; i < end; i++) {
      int letter = lower(s[i]) - ('a' - 1);
      if (letter < 1 || letter > 26) return 0;
      word = word << 5 | letter;
    }
    return word;
  }

  /** {@link #pack(char[], int, int)} of a {@code CharSequence}, its twin for the same reason. */
  private static long pack(CharSequence s, int start, int end) {
    if (end - start > MAX_PACKED) return 0;
    long word = 0;
    for (int i = start; i < end; i++) {
      int letter = lower(s.charAt(i)) - ('a' - 1);
      if (letter < 1 || letter > 26) return 0;
      word = word << 5 | letter;
    }
    return word;
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
