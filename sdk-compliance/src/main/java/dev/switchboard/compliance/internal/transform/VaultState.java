package dev.switchboard.compliance.internal.transform;

import dev.switchboard.compliance.detect.FindingType;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * The token maps of one pseudonym vault and the restore logic. Not thread-safe: the public vault
 * serialises access.
 */
public final class VaultState {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, String> tokenByValue = new HashMap<>();
  private final Map<String, String> valueByKey = new HashMap<>();
  private final Map<FindingType, Integer> issuedByType = new java.util.EnumMap<>(FindingType.class);
  private int restored;
  private int lenient;
  private int unknown;
  private final java.util.Set<FindingType> unknownTypes =
      java.util.EnumSet.noneOf(FindingType.class);

  /** The finding type of each token label (labels are unique). */
  private static final Map<String, FindingType> TYPE_BY_LABEL = typeByLabel();

  private static Map<String, FindingType> typeByLabel() {
    Map<String, FindingType> m = new HashMap<>();
    for (FindingType t : FindingType.values()) m.putIfAbsent(t.label(), t);
    return Map.copyOf(m);
  }

  /**
   * The token for a value of a type: the same value (ignoring case and spacing) gets the same
   * token.
   */
  public String tokenFor(FindingType type, String value) {
    String valueKey = type.label() + '\u0000' + normalise(value);
    String token = tokenByValue.get(valueKey);
    if (token != null) return token;
    String id;
    do {
      id = TokenFormat.randomId(RANDOM);
    } while (valueByKey.containsKey(TokenFormat.key(type.label(), id)));
    valueByKey.put(TokenFormat.key(type.label(), id), value);
    token = TokenFormat.token(type.label(), id);
    tokenByValue.put(valueKey, token);
    issuedByType.merge(type, 1, Integer::sum);
    return token;
  }

  /**
   * Replaces every token the vault issued; counts, and leaves, bracketed tokens it never issued.
   */
  public String restore(String text) {
    if (text.indexOf('_') < 0) return text; // every token form has an underscore: skip the regex
    Matcher m = TokenFormat.LENIENT.matcher(text);
    StringBuilder out = null;
    int at = 0;
    while (m.find()) {
      String value = valueByKey.get(TokenFormat.key(m.group(2), m.group(3)));
      boolean bracketed = m.group(1) != null || m.group(4) != null;
      if (value == null) {
        // Never issued in this call: invented or carried over by the model. Counted with its type,
        // left as it is, never guessed.
        if (bracketed || strictShape(m)) {
          unknown++;
          FindingType type = TYPE_BY_LABEL.get(m.group(2).toUpperCase(Locale.ROOT));
          if (type != null) unknownTypes.add(type);
        }
        continue;
      }
      if (out == null) out = new StringBuilder(text.length());
      out.append(text, at, m.start()).append(value);
      at = m.end();
      restored++;
      if (!isExact(m)) lenient++;
    }
    if (out == null) return text;
    return out.append(text, at, text.length()).toString();
  }

  /**
   * An unbracketed token counts as pseudonym-shaped only in the exact form: upper-case label and an
   * id from the token alphabet ("NAME_7KQ2M"), so that words like "case_12345" are not flagged.
   */
  private static boolean strictShape(Matcher m) {
    String label = m.group(2);
    String id = m.group(3);
    if (!label.equals(label.toUpperCase(Locale.ROOT))) return false;
    for (int i = 0; i < id.length(); i++)
      if (TokenFormat.ALPHABET.indexOf(id.charAt(i)) < 0) return false;
    return true;
  }

  private static boolean isExact(Matcher m) {
    String g1 = m.group(1);
    String g4 = m.group(4);
    return g1 != null
        && g1.charAt(0) == TokenFormat.OPEN
        && g4 != null
        && g4.charAt(0) == TokenFormat.CLOSE
        && m.end() - m.start() == 2 + m.group(2).length() + 1 + m.group(3).length()
        && m.group(2).equals(m.group(2).toUpperCase(Locale.ROOT))
        && m.group(3).equals(m.group(3).toUpperCase(Locale.ROOT));
  }

  private static String normalise(String value) {
    StringBuilder b = new StringBuilder(value.length());
    boolean space = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isWhitespace(c)) {
        space = b.length() > 0;
        continue;
      }
      if (space) b.append(' ');
      space = false;
      b.append(Character.toLowerCase(c));
    }
    return b.toString();
  }

  public int restored() {
    return restored;
  }

  public int lenient() {
    return lenient;
  }

  public int unknown() {
    return unknown;
  }

  /** The types of the tokens counted in {@link #unknown()}. */
  public java.util.Set<FindingType> unknownTypes() {
    return java.util.Set.copyOf(unknownTypes);
  }

  public int size() {
    return valueByKey.size();
  }

  public Map<FindingType, Integer> issuedByType() {
    return Map.copyOf(issuedByType);
  }

  /** Forgets every mapping. */
  public void clear() {
    tokenByValue.clear();
    valueByKey.clear();
  }
}
