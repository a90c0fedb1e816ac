package dev.switchboard.compliance.internal.detect;

import dev.switchboard.compliance.detect.SensitivityHit;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Terms that imply HL7 sensitivity codes (methadone: SUD and OPIOIDUD; HIV; schizophrenia: PSY;
 * ...), read from {@code sensitivity-lexicon.txt}. Only words flagged in the vocabulary as a term's
 * first word are looked up here, so most words cost nothing extra.
 */
final class SensitivityLexicon {
  static final String V = "lexicon-v1";

  /** One term: its words (lower case unless case-sensitive) and the codes it raises. */
  @SuppressWarnings(
      "ArrayRecordComponent") // indexed on the hot path; terms are never compared or hashed
  record Term(String[] words, boolean caseSensitive, List<String> codes) {}

  private static final Map<String, List<Term>> BY_FIRST_WORD = load();

  private SensitivityLexicon() {}

  /** The lower-case first words of all terms, for the vocabulary. */
  static Set<String> firstWords() {
    return BY_FIRST_WORD.keySet();
  }

  /** Adds the codes of every term starting at word token {@code i} to {@code raised}. */
  static void at(Tokens t, int i, Map<String, SensitivityHit> raised) {
    List<Term> terms =
        BY_FIRST_WORD.get(t.text.substring(t.start[i], t.end[i]).toLowerCase(Locale.ROOT));
    if (terms == null) return;
    for (Term term : terms) {
      if (matches(t, i, term))
        for (String code : term.codes()) raised.putIfAbsent(code, new SensitivityHit(code, V));
    }
  }

  private static boolean matches(Tokens t, int i, Term term) {
    int k = i;
    for (int w = 0; w < term.words().length; w++) {
      if (w > 0) {
        k++;
        if (t.isPunct(k, '-') && t.joined(k)) k++;
      }
      if (k >= t.count || t.kind[k] == Tokens.PUNCT) return false;
      String word = term.words()[w];
      boolean same =
          term.caseSensitive()
              ? t.len(k) == word.length() && t.text.startsWith(word, t.start[k])
              : t.textIs(k, word);
      if (!same) return false;
    }
    return true;
  }

  private static Map<String, List<Term>> load() {
    Map<String, List<Term>> map = new HashMap<>();
    try (InputStream in = SensitivityLexicon.class.getResourceAsStream("sensitivity-lexicon.txt")) {
      if (in == null)
        throw new IllegalStateException("missing detector resource sensitivity-lexicon.txt");
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line; (line = r.readLine()) != null; ) {
        line = line.strip();
        if (line.isEmpty() || line.startsWith("#")) continue;
        String[] parts = line.split("\\|");
        boolean cs = parts.length > 2 && parts[2].strip().equals("cs");
        String phrase = parts[1].strip();
        String[] words = phrase.split("[\\s-]+");
        if (!cs)
          for (int w = 0; w < words.length; w++) words[w] = words[w].toLowerCase(Locale.ROOT);
        List<String> codes = List.of(parts[0].strip().split("\\s*,\\s*"));
        map.computeIfAbsent(words[0].toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(new Term(words, cs, codes));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read detector resource sensitivity-lexicon.txt", e);
    }
    return Map.copyOf(map);
  }

  /** The codes raised, in the order first seen, with their hits. */
  static Map<String, SensitivityHit> newHits() {
    return new LinkedHashMap<>();
  }
}
