package dev.switchboard.compliance.internal.transform;

import dev.switchboard.compliance.detect.FindingType;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Comparator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The shape of pseudonym tokens, {@code ⟦NAME_7KQ2M⟧}: a type label and five random characters
 * between mathematical white square brackets (rare in clinical text, so a token cannot collide with
 * what the text says). The lenient pattern also accepts what models make of a token: other case,
 * ASCII or CJK brackets, a space inside, or no brackets at all.
 */
public final class TokenFormat {
  public static final char OPEN = '\u27E6';
  public static final char CLOSE = '\u27E7';

  /** No vowels (no words), no 0/O, 1/I/L (no look-alikes): 27^5 = 14 million ids per type. */
  static final String ALPHABET = "23456789BCDFGHJKMNPQRSTVWXZ";

  static final int ID_LENGTH = 5;

  /**
   * The longest text the lenient pattern can match, with room to spare; bounds stream hold-back.
   */
  public static final int MAX_LENIENT_LENGTH = 40;

  private static final String LABELS =
      Arrays.stream(FindingType.values())
          .map(FindingType::label)
          .distinct()
          .sorted(Comparator.comparingInt(String::length).reversed())
          .collect(Collectors.joining("|"));

  /**
   * Group 1: opening bracket (may be absent), 2: label, 3: id, 4: closing bracket (may be absent).
   */
  public static final Pattern LENIENT =
      Pattern.compile(
          "(?:(\u27E6|\\[\\[|\\[|\\{\\{|\\{|\u301A|\u3010|<)\\s?)?\\b("
              + LABELS
              + ")_([A-Za-z0-9]{"
              + ID_LENGTH
              + "})\\b"
              + "(?:\\s?(\u27E7|\\]\\]|\\]|\\}\\}|\\}|\u301B|\u3011|>))?",
          Pattern.CASE_INSENSITIVE); // labels and ids are ASCII

  private TokenFormat() {}

  /** A fresh random id; the caller retries on the (rare) collision with an issued id. */
  static String randomId(SecureRandom random) {
    char[] id = new char[ID_LENGTH];
    for (int i = 0; i < ID_LENGTH; i++) id[i] = ALPHABET.charAt(random.nextInt(ALPHABET.length()));
    return new String(id);
  }

  /** The canonical token text for a type label and id. */
  static String token(String label, String id) {
    return OPEN + label + "_" + id + CLOSE;
  }

  /** The key under which a token is held: upper-case label and id. */
  static String key(String label, String id) {
    return label.toUpperCase(java.util.Locale.ROOT) + "_" + id.toUpperCase(java.util.Locale.ROOT);
  }

  /** True if a token may start at {@code i}: an opening bracket, or a letter that begins a word. */
  public static boolean mayStartAt(CharSequence s, int i) {
    char c = s.charAt(i);
    if (c == OPEN || c == '[' || c == '{' || c == '\u301A' || c == '\u3010' || c == '<')
      return true;
    if (!Character.isLetter(c)) return false;
    return i == 0 || (!Character.isLetterOrDigit(s.charAt(i - 1)) && s.charAt(i - 1) != '_');
  }
}
