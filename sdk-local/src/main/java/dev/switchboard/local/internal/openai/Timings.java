package dev.switchboard.local.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * llama.cpp's non-standard {@code timings} object ({@code prompt_ms}, {@code predicted_ms}, {@code
 * predicted_per_second}, ...): the server's own time for the request (prompt plus generation) as
 * the response's typed {@code serverTime}, the basis for pricing by GPU time; and, for people
 * reading the response, metadata under the same keys as Ollama's: {@code server-time-ms}, {@code
 * prompt-eval-ms}, {@code eval-ms}, {@code tokens-per-second}.
 */
final class Timings {
  private Timings() {}

  /**
   * Prompt plus generation time, or null unless the server reported both as non-negative numbers.
   */
  static Duration serverTime(JsonNode t) {
    if (t == null || !t.isObject()) return null;
    BigDecimal prompt = decimal(t.get("prompt_ms"));
    BigDecimal predicted = decimal(t.get("predicted_ms"));
    if (prompt == null || predicted == null) return null;
    // to the microsecond, like the metadata shown: the same figure is shown and billed
    return Duration.ofNanos(
        prompt.add(predicted).setScale(3, RoundingMode.HALF_UP).movePointRight(6).longValue());
  }

  static Map<String, String> of(JsonNode t) {
    Map<String, String> out = new LinkedHashMap<>();
    if (t == null || !t.isObject()) return out;
    BigDecimal prompt = decimal(t.get("prompt_ms"));
    BigDecimal predicted = decimal(t.get("predicted_ms"));
    if (prompt != null && predicted != null)
      out.put("server-time-ms", plain(prompt.add(predicted)));
    if (prompt != null) out.put("prompt-eval-ms", plain(prompt));
    if (predicted != null) out.put("eval-ms", plain(predicted));
    BigDecimal perSecond = decimal(t.get("predicted_per_second"));
    if (perSecond != null)
      out.put("tokens-per-second", perSecond.setScale(1, RoundingMode.HALF_UP).toPlainString());
    return out;
  }

  private static BigDecimal decimal(JsonNode n) {
    return n != null && n.isNumber() && n.asDouble() >= 0 ? n.decimalValue() : null;
  }

  private static String plain(BigDecimal d) {
    return d.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
