package dev.switchboard.compliance.internal.audit;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * RFC 8785 JSON Canonicalization Scheme for plain Java values: maps with string keys, lists,
 * strings, booleans, null and numbers. Object members are sorted by their UTF-16 code units,
 * strings use the minimal escapes of ECMAScript's JSON.stringify, and numbers are formatted as
 * ECMAScript's Number.prototype.toString formats an IEEE-754 double (shortest round-trip digits).
 */
public final class Jcs {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  /**
   * A value that {@link #canonicalizeAround} leaves out, to be filled in later. It is written as a
   * raw NUL character, which canonical JSON cannot otherwise contain (strings escape every control
   * character), so its position is unambiguous.
   */
  public static final Object HOLE = new Object();

  private static final char HOLE_MARK = '\u0000';

  /** One builder per thread, reused: records are built on many threads, each one at a time. */
  private static final ThreadLocal<StringBuilder> BUFFER =
      ThreadLocal.withInitial(() -> new StringBuilder(1024));

  private Jcs() {}

  /**
   * The canonical JSON of a value that holds {@link #HOLE} exactly once, split around it: the text
   * before the hole and the text after it.
   *
   * @throws IllegalArgumentException for values JSON cannot hold, or without exactly one hole
   */
  public static String[] canonicalizeAround(Object value) {
    StringBuilder sb = BUFFER.get();
    sb.setLength(0);
    write(value, sb);
    return splitAtHole(sb);
  }

  /** The members every record is stamped with, in canonical order ({@code seq} is the hole). */
  private static final String[] STAMP = {"eventId", "eventType", "recorded", "seq"};

  /**
   * Writes an audit record's canonical JSON as UTF-8 into {@code out}: the one object holding the
   * stamp ({@code eventId}, {@code eventType}, {@code recorded} as {@link
   * java.time.Instant#toString()} writes the millisecond, and {@code seq} left out) and the event's
   * fields, without building the merged map; a member of {@code fields} replaces a stamp member
   * with the same key. The text goes through this thread's reused builder and is encoded into
   * {@code out}, so a record costs no String and no byte array of its own.
   *
   * @return the byte offset where the seq's digits belong
   * @throws IllegalArgumentException for values JSON cannot hold
   */
  static int recordUtf8(
      String eventId,
      String eventType,
      long recordedMillis,
      Map<String, Object> fields,
      RecordBuffer out) {
    StringBuilder sb = BUFFER.get();
    sb.setLength(0);
    int hole = writeRecord(eventId, eventType, recordedMillis, fields, sb);
    out.appendUtf8(sb, 0, hole);
    int at = out.length();
    out.appendUtf8(sb, hole, sb.length());
    if (sb.capacity() > 64 * 1024) BUFFER.remove(); // do not keep a huge record's buffer
    return at;
  }

  /** Writes the merged record; returns the char index where the seq's digits belong. */
  private static int writeRecord(
      String eventId,
      String eventType,
      long recordedMillis,
      Map<String, Object> fields,
      StringBuilder sb) {
    sb.append('{');
    int hole = -1;
    int s = 0; // the next stamp member to write
    boolean any = false;
    if (fields instanceof SortedFields f) { // in canonical order already: no key array, no sort
      for (int i = 0, n = f.size(); i < n; i++) {
        String key = f.keyAt(i);
        for (; s < STAMP.length && STAMP[s].compareTo(key) <= 0; s++) {
          if (STAMP[s].equals(key)) continue; // the field replaces the stamp member
          any = comma(any, sb);
          hole = stamp(s, eventId, eventType, recordedMillis, sb, hole);
        }
        any = comma(any, sb);
        member(key, f.valueAt(i), sb);
      }
    } else {
      String[] keys = sortedKeys(fields);
      for (String key : keys) {
        for (; s < STAMP.length && STAMP[s].compareTo(key) <= 0; s++) {
          if (STAMP[s].equals(key)) continue;
          any = comma(any, sb);
          hole = stamp(s, eventId, eventType, recordedMillis, sb, hole);
        }
        any = comma(any, sb);
        member(key, fields.get(key), sb);
      }
    }
    for (; s < STAMP.length; s++) {
      any = comma(any, sb);
      hole = stamp(s, eventId, eventType, recordedMillis, sb, hole);
    }
    sb.append('}');
    if (hole < 0) throw new IllegalArgumentException("the fields must not replace the seq");
    return hole;
  }

  private static boolean comma(boolean any, StringBuilder sb) {
    if (any) sb.append(',');
    return true;
  }

  /**
   * Writes stamp member {@code which}; returns where the seq belongs, or {@code hole} as it was.
   */
  private static int stamp(
      int which,
      String eventId,
      String eventType,
      long recordedMillis,
      StringBuilder sb,
      int hole) {
    string(STAMP[which], sb);
    sb.append(':');
    switch (which) {
      case 0 -> string(eventId, sb);
      case 1 -> string(eventType, sb);
      case 2 -> {
        sb.append('"'); // an ISO instant needs no escapes
        IsoMillis.append(recordedMillis, sb);
        sb.append('"');
      }
      default -> {
        return sb.length();
      }
    }
    return hole;
  }

  /**
   * Encodes {@code s[from, to)} as UTF-8 into {@code out} from index 0, exactly as {@link #utf8}
   * does, and returns the number of bytes; {@code out} must hold {@code 3 * (to - from)} bytes.
   */
  public static int utf8Into(CharSequence s, int from, int to, byte[] out) {
    if (out.length < 3 * (to - from)) throw new IllegalArgumentException("the buffer is too small");
    return RecordBuffer.encode(s, from, to, out, 0);
  }

  /**
   * The UTF-8 bytes of {@code s[from, to)}, exactly as {@code String.getBytes(UTF_8)} makes them
   * (an unpaired surrogate becomes {@code ?}), without making the String.
   */
  public static byte[] utf8(CharSequence s, int from, int to) {
    int n = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) n++;
      else if (c < 0x800) n += 2;
      else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        n += 4;
        i++;
      } else if (Character.isSurrogate(c)) n++;
      else n += 3;
    }
    byte[] out = new byte[n];
    RecordBuffer.encode(s, from, to, out, 0);
    return out;
  }

  private static void member(String key, Object value, StringBuilder sb) {
    string(key, sb);
    sb.append(':');
    write(value, sb);
  }

  private static String[] sortedKeys(Map<?, ?> m) {
    String[] keys = new String[m.size()];
    if (m instanceof SortedFields f) {
      for (int i = 0; i < keys.length; i++) keys[i] = f.keyAt(i);
      return keys;
    }
    int n = 0;
    for (Object k : m.keySet()) {
      if (!(k instanceof String s))
        throw new IllegalArgumentException("JSON object keys must be strings");
      keys[n++] = s;
    }
    Arrays.sort(keys); // String.compareTo orders by UTF-16 code units, as RFC 8785 requires
    return keys;
  }

  private static String[] splitAtHole(StringBuilder sb) {
    int at = sb.indexOf(String.valueOf(HOLE_MARK));
    if (at < 0 || sb.indexOf(String.valueOf(HOLE_MARK), at + 1) >= 0)
      throw new IllegalArgumentException("the value must hold exactly one hole");
    String[] parts = {sb.substring(0, at), sb.substring(at + 1)};
    if (sb.capacity() > 64 * 1024) BUFFER.remove(); // do not keep a huge record's buffer
    return parts;
  }

  /** Appends {@code s} as a canonical JSON string (quoted, minimally escaped) to {@code sb}. */
  public static void appendString(String s, StringBuilder sb) {
    string(s, sb);
  }

  /**
   * The canonical JSON of a value.
   *
   * @throws IllegalArgumentException for values JSON cannot hold (NaN, infinities, other types)
   */
  public static String canonicalize(Object value) {
    StringBuilder sb = new StringBuilder(256);
    write(value, sb);
    return sb.toString();
  }

  private static void write(Object v, StringBuilder sb) {
    if (v == null) {
      sb.append("null");
    } else if (v == HOLE) {
      sb.append(HOLE_MARK);
    } else if (v instanceof String s) {
      string(s, sb);
    } else if (v instanceof Boolean b) {
      sb.append(b.booleanValue());
    } else if (v instanceof Number n) {
      if ((n instanceof Long || n instanceof Integer) && Math.abs(n.longValue()) <= (1L << 53))
        sb.append(n.longValue()); // the common case, without a String per number
      else sb.append(number(n));
    } else if (v instanceof Map<?, ?> m) {
      object(m, sb);
    } else if (v instanceof List<?> l && l instanceof RandomAccess) {
      sb.append('['); // by index: no iterator per list
      for (int i = 0, n = l.size(); i < n; i++) {
        if (i > 0) sb.append(',');
        write(l.get(i), sb);
      }
      sb.append(']');
    } else if (v instanceof Collection<?> c) {
      sb.append('[');
      boolean first = true;
      for (Object item : c) {
        if (!first) sb.append(',');
        first = false;
        write(item, sb);
      }
      sb.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + v.getClass().getName());
    }
  }

  private static void object(Map<?, ?> m, StringBuilder sb) {
    if (m instanceof SortedFields f) { // already in canonical order
      sb.append('{');
      for (int i = 0, n = f.size(); i < n; i++) {
        if (i > 0) sb.append(',');
        member(f.keyAt(i), f.valueAt(i), sb);
      }
      sb.append('}');
      return;
    }
    List<String> keys = new ArrayList<>(m.size());
    for (Object k : m.keySet()) {
      if (!(k instanceof String s))
        throw new IllegalArgumentException("JSON object keys must be strings");
      keys.add(s);
    }
    keys.sort(
        String::compareTo); // String.compareTo orders by UTF-16 code units, as RFC 8785 requires
    sb.append('{');
    for (int i = 0; i < keys.size(); i++) {
      if (i > 0) sb.append(',');
      string(keys.get(i), sb);
      sb.append(':');
      write(m.get(keys.get(i)), sb);
    }
    sb.append('}');
  }

  private static void string(String s, StringBuilder sb) {
    sb.append('"');
    int run = 0; // start of the current run of characters that need no escape, appended in bulk
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= 0x20 && c != '"' && c != '\\') continue;
      sb.append(s, run, i);
      run = i + 1;
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\b' -> sb.append("\\b");
        case '\f' -> sb.append("\\f");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> sb.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
      }
    }
    sb.append(s, run, s.length()).append('"');
  }

  /** A number as ECMAScript formats the IEEE-754 double nearest to it. */
  static String number(Number n) {
    if ((n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte)
        && Math.abs(n.longValue()) <= (1L << 53)) {
      return Long.toString(n.longValue()); // exactly representable: ECMAScript prints the integer
    }
    double d;
    if (n instanceof BigDecimal b) d = b.doubleValue();
    else if (n instanceof BigInteger b) d = b.doubleValue();
    else d = n.doubleValue();
    return number(d);
  }

  /** ECMAScript Number.prototype.toString(10) for a finite double. */
  public static String number(double d) {
    if (Double.isNaN(d) || Double.isInfinite(d))
      throw new IllegalArgumentException("JSON has no NaN or Infinity");
    if (d == 0) return "0"; // also -0
    if (d < 0) return "-" + number(-d);
    if (d <= 9007199254740992.0 && d == Math.rint(d))
      return Long.toString((long) d); // below 2^53 integers are exact
    BigDecimal shortest = shortest(d);
    String digits = shortest.unscaledValue().toString();
    int k = digits.length();
    int n = k - shortest.scale(); // value = 0.digits x 10^n
    if (k <= n && n <= 21) return digits + "0".repeat(n - k);
    if (0 < n && n <= 21) return digits.substring(0, n) + "." + digits.substring(n);
    if (-6 < n && n <= 0) return "0." + "0".repeat(-n) + digits;
    int e = n - 1;
    String exp = (e < 0 ? "-" : "+") + Math.abs(e);
    return k == 1 ? digits + "e" + exp : digits.charAt(0) + "." + digits.substring(1) + "e" + exp;
  }

  /**
   * The decimal with the fewest significant digits that reads back as {@code d}, and among those
   * the one closest to {@code d}'s exact value (ties to an even last digit). Trailing zeros are
   * stripped.
   *
   * <p>Rounding the exact binary value (50 digits and more) at each precision costs a long division
   * per try; instead this starts from {@link Double#toString}, which always reads back as {@code d}
   * but on Java 17 may carry a digit too many. A shorter decimal that reads back as {@code d}
   * exists exactly when one of the two neighbours of that string at the shorter precision does (the
   * values that read back as {@code d} form an interval holding both the string and {@code d}), so
   * only those neighbours are tried, and the exact value is used only to pick the closer of two.
   */
  static BigDecimal shortest(double d) {
    BigDecimal c = new BigDecimal(Double.toString(d)).stripTrailingZeros();
    int n = c.precision();
    // A normal double is read back from at most one decimal of 15 significant digits or fewer
    // (any such decimal survives the trip to a double and back to 15 digits, so two of them that
    // read as one double would be equal). So a string of 15 digits or fewer is already the
    // shortest, and the only one of its length: no neighbour to try. Prices and scores land here.
    // Subnormals hold fewer digits, and go the long way.
    if (n <= 15 && Math.abs(d) >= Double.MIN_NORMAL) return c;
    BigDecimal exact = null;
    for (int p = 1; p < n; p++) {
      BigDecimal lo = c.round(new MathContext(p, RoundingMode.FLOOR));
      BigDecimal hi = c.round(new MathContext(p, RoundingMode.CEILING));
      boolean loOk = lo.doubleValue() == d;
      boolean hiOk = hi.doubleValue() == d;
      if (loOk && hiOk && lo.compareTo(hi) != 0) {
        if (exact == null) exact = new BigDecimal(d);
        return closer(exact, lo, hi).stripTrailingZeros();
      }
      if (loOk) return lo.stripTrailingZeros();
      if (hiOk) return hi.stripTrailingZeros();
    }
    // n digits are needed: of c and its neighbours at n digits, the closest that reads back
    BigDecimal unit = BigDecimal.ONE.scaleByPowerOfTen(-c.scale());
    BigDecimal best = c;
    exact = new BigDecimal(d);
    for (BigDecimal other : new BigDecimal[] {c.subtract(unit), c.add(unit)}) {
      if (other.signum() > 0 && other.doubleValue() == d) best = closer(exact, best, other);
    }
    return best.stripTrailingZeros();
  }

  /** Whichever of a and b is closer to x; on a tie, the one whose last digit is even. */
  private static BigDecimal closer(BigDecimal x, BigDecimal a, BigDecimal b) {
    int cmp = x.subtract(a).abs().compareTo(x.subtract(b).abs());
    if (cmp != 0) return cmp < 0 ? a : b;
    return a.unscaledValue().testBit(0) ? b : a;
  }

  /** The slow reference: round the exact value at each precision until it reads back. */
  static BigDecimal shortestByRounding(double d) {
    BigDecimal exact = new BigDecimal(d);
    for (int p = 1; p <= 17; p++) {
      BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (candidate.doubleValue() == d) return candidate.stripTrailingZeros();
    }
    return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
  }
}
