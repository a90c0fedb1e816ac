package dev.switchboard.compliance.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The detector's word table: case-insensitive lookups of text regions, as a plain map would do. */
class WordMapTest {
  @Test
  void looksUpRegionsOfTheTextIgnoringCaseAndOrsTheFlagsOfAWordAddedTwice() {
    WordMap m = new WordMap(16);
    m.add("Okafor", 1);
    m.add("OKAFOR", 4);
    m.add("Zoë", 2);
    String text = "Seen by okAFOR and ZOË, not Okafo or Okafors.";
    char[] chars = text.toCharArray();
    int at = text.indexOf("okAFOR");
    assertThat(m.get(chars, at, at + 6)).isEqualTo(5);
    assertThat(m.get(text, at, at + 6)).isEqualTo(5);
    int zoe = text.indexOf("ZOË");
    assertThat(m.get(chars, zoe, zoe + 3)).isEqualTo(2);
    int okafo = text.indexOf("Okafo ");
    assertThat(m.get(chars, okafo, okafo + 5)).as("a prefix").isZero();
    int okafors = text.indexOf("Okafors");
    assertThat(m.get(chars, okafors, okafors + 7)).as("a longer word").isZero();
    assertThat(m.get("")).isZero();
  }

  @Test
  void agreesWithAPlainMapOnManyWordsThatShareSlots() {
    // a full table (half its slots used), so probes run past other words' slots
    WordMap m = new WordMap(5_000);
    int packed = 0;
    Map<String, Long> expected = new HashMap<>();
    List<String> added = new ArrayList<>();
    Random random = new Random(42);
    for (int i = 0; i < 5_000; i++) {
      String w = word(random);
      long flag = 1L << random.nextInt(40);
      m.add(w, flag);
      added.add(w);
      if (w.length() <= 12 && w.chars().allMatch(c -> c >= 'a' && c <= 'z')) packed++;
      expected.merge(w.toLowerCase(Locale.ROOT), flag, (a, b) -> a | b);
    }
    assertThat(packed).as("words in the packed table").isBetween(2_000, 4_500);
    for (int i = 0; i < 20_000; i++) {
      String w = i % 2 == 0 ? word(random) : added.get(random.nextInt(added.size()));
      String probe = "(" + w.toUpperCase(Locale.ROOT) + ")";
      long want = expected.getOrDefault(w.toLowerCase(Locale.ROOT), 0L);
      assertThat(m.get(probe.toCharArray(), 1, probe.length() - 1)).as(w).isEqualTo(want);
      assertThat(m.get(probe, 1, probe.length() - 1)).as(w).isEqualTo(want);
    }
  }

  @Test
  void keepsWordsLongerThanASlotCanDescribe() {
    WordMap m = new WordMap(16);
    String longName = "Wolfeschlegelsteinhausenbergerdorff".repeat(8); // 280 letters
    m.add(longName, 8);
    String text = " " + longName.toUpperCase(Locale.ROOT) + " ";
    assertThat(m.get(text.toCharArray(), 1, text.length() - 1)).isEqualTo(8);
    assertThat(m.get(text, 1, text.length() - 1)).isEqualTo(8);
    assertThat(m.get(longName + "x")).isZero();
  }

  @Test
  void tellsApartPackedWordsOfDifferentLengthsAndTheirUpperCase() {
    WordMap m = new WordMap(16);
    m.add("a", 1);
    m.add("aa", 2);
    m.add("zzzzzzzzzzzz", 4); // twelve letters: the longest packed word
    m.add("zzzzzzzzzzzzz", 8); // thirteen: kept in the pool
    assertThat(m.get("A")).isEqualTo(1);
    assertThat(m.get("aA")).isEqualTo(2);
    assertThat(m.get("aaa")).isZero();
    assertThat(m.get("ZZZZZZZZZZZZ")).isEqualTo(4);
    assertThat(m.get("zzzzzzzzzzzzz")).isEqualTo(8);
    assertThat(m.get("zzzzzzzzzzz")).isZero();
    assertThat(m.get("a'")).isZero();
  }

  @Test
  void refusesMoreWordsThanItWasSizedFor() {
    WordMap m = new WordMap(8); // 16 slots: at most 8 words
    for (int i = 0; i < 8; i++) m.add("w" + i, 1);
    assertThatThrownBy(() -> m.add("w8", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("capacity");
    for (int i = 0; i < 8; i++) m.add("w" + (char) ('a' + i), 1); // the packed table, the same
    assertThatThrownBy(() -> m.add("wi", 1))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("capacity");
  }

  /**
   * Mostly words of up to 12 letters (kept packed), and some longer or with an apostrophe, a digit
   * or a non-ASCII letter (kept in the pool), so that both tables fill and are probed.
   */
  private static String word(Random random) {
    int n = 1 + random.nextInt(random.nextInt(4) == 0 ? 16 : 12);
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append((char) ('a' + random.nextInt(6)));
    if (random.nextInt(5) == 0) b.setCharAt(random.nextInt(n), "'7é".charAt(random.nextInt(3)));
    return b.toString();
  }
}
