package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.internal.Json;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * RFC 8785 canonical JSON, checked against the RFC's own examples and ECMAScript number formatting.
 */
class JcsTest {

  @Test
  void canonicalizesTheRfcExample() throws Exception {
    String input =
        "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
            + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
            + "  \"literals\": [null, true, false]\n}";
    Object parsed = Json.MAPPER.readValue(input, Object.class);
    assertThat(Jcs.canonicalize(parsed))
        .isEqualTo(
            "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
  }

  @Test
  void sortsKeysByUtf16CodeUnits() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (String k : List.of("\u20ac", "\r", "\ufb33", "1", "\ud83d\ude00", "\u0080", "\u00f6"))
      m.put(k, k.length());
    assertThat(Jcs.canonicalize(m))
        .isEqualTo(
            "{\"\\r\":1,\"1\":1,\"\u0080\":1,\"\u00f6\":1,\"\u20ac\":1,\"\ud83d\ude00\":2,\"\ufb33\":1}");
  }

  @Test
  void formatsNumbersAsEcmaScriptDoes() {
    assertThat(Jcs.number(0.0)).isEqualTo("0");
    assertThat(Jcs.number(-0.0)).isEqualTo("0");
    assertThat(Jcs.number(5e-324)).isEqualTo("5e-324");
    assertThat(Jcs.number(1.7976931348623157e308)).isEqualTo("1.7976931348623157e+308");
    assertThat(Jcs.number(1e21)).isEqualTo("1e+21");
    assertThat(Jcs.number(1e20)).isEqualTo("100000000000000000000");
    assertThat(Jcs.number(9007199254740992.0)).isEqualTo("9007199254740992");
    assertThat(Jcs.number(295147905179352830000.0)).isEqualTo("295147905179352830000");
    assertThat(Jcs.number(0.000001)).isEqualTo("0.000001");
    assertThat(Jcs.number(1e-7)).isEqualTo("1e-7");
    assertThat(Jcs.number(1e23)).isEqualTo("1e+23");
    assertThat(Jcs.number(0.1 + 0.2)).isEqualTo("0.30000000000000004");
    assertThat(Jcs.number(-1.5)).isEqualTo("-1.5");
    assertThat(Jcs.number(123456789.0)).isEqualTo("123456789");
    assertThat(Jcs.number(0.0123)).isEqualTo("0.0123");
    assertThat(Jcs.canonicalize(List.of(42L, 7, 2.0))).isEqualTo("[42,7,2]");
  }

  @Test
  void reparsingCanonicalJsonGivesTheSameBytes() throws Exception {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cost", 0.000417);
    m.put("seq", 12L);
    m.put("text", "tab\tquote\" é 😀 \u0001");
    m.put("nested", Map.of("b", List.of(1e-9, true), "a", "x"));
    String once = Jcs.canonicalize(m);
    assertThat(Jcs.canonicalize(Json.MAPPER.readValue(once, Object.class))).isEqualTo(once);
  }

  @Test
  void refusesValuesJsonCannotHold() {
    assertThatThrownBy(() -> Jcs.canonicalize(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Jcs.canonicalize(new Object()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void subnormalsAndFifteenDigitValuesGetTheirShortestDigits() {
    // Double.toString gives 4.9E-324 for the least subnormal, whose shortest form is 5e-324
    for (double d :
        new double[] {
          Double.MIN_VALUE,
          Double.MIN_VALUE * 3,
          Math.nextDown(Double.MIN_NORMAL),
          Double.MIN_NORMAL,
          0.000412,
          123456789012345.0 / 1000,
          0.1 + 0.2,
          1.0 / 3,
          Double.MAX_VALUE
        }) {
      assertThat(Jcs.shortest(d).compareTo(Jcs.shortestByRounding(d)))
          .as("digits of %s", d)
          .isZero();
    }
    assertThat(Jcs.number(Double.MIN_VALUE)).isEqualTo("5e-324");
  }

  @Test
  void theFastShortestDigitsAgreeWithRoundingTheExactValue() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(8785);
    for (int i = 0; i < 40_000; i++) {
      double d;
      switch (i % 5) {
        case 0 -> d = Double.longBitsToDouble(random.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL);
        case 4 -> d = Double.longBitsToDouble(random.nextLong() & 0x000F_FFFF_FFFF_FFFFL);
        case 1 -> d = random.nextDouble() * Math.pow(10, random.nextInt(-12, 12));
        case 2 -> d = random.nextInt(1, 1_000_000) / 1_000_000.0; // prices, costs, scores
        default -> d = Math.nextUp(random.nextInt(1, 100_000) / 1000.0);
      }
      if (d == 0 || Double.isNaN(d) || Double.isInfinite(d)) continue;
      double x = d;
      assertThat(Jcs.shortest(d).compareTo(Jcs.shortestByRounding(d)))
          .as(
              () ->
                  "digits of " + x + " (bits " + Long.toHexString(Double.doubleToLongBits(x)) + ")")
          .isZero();
    }
  }
}
