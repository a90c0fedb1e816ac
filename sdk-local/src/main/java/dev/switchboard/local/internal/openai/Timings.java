package dev.switchboard.local.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.cost.internal.Pricer;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * llama.cpp's non-standard {@code timings} object ({@code prompt_ms}, {@code predicted_ms},
 * {@code predicted_per_second}, ...) as response metadata under the same keys as Ollama's:
 * {@code server-time-ms} (prompt plus generation, the basis for pricing by GPU time),
 * {@code prompt-eval-ms}, {@code eval-ms}, {@code tokens-per-second}.
 */
final class Timings {
  private Timings() {}

  static Map<String, String> of(JsonNode t) {
    Map<String, String> out = new LinkedHashMap<>();
    if (t == null || !t.isObject()) return out;
    BigDecimal prompt = decimal(t.get("prompt_ms"));
    BigDecimal predicted = decimal(t.get("predicted_ms"));
    if (prompt != null && predicted != null) out.put(Pricer.SERVER_TIME_MS, plain(prompt.add(predicted)));
    if (prompt != null) out.put("prompt-eval-ms", plain(prompt));
    if (predicted != null) out.put("eval-ms", plain(predicted));
    BigDecimal perSecond = decimal(t.get("predicted_per_second"));
    if (perSecond != null) out.put("tokens-per-second", perSecond.setScale(1, RoundingMode.HALF_UP).toPlainString());
    return out;
  }

  private static BigDecimal decimal(JsonNode n) {
    return n != null && n.isNumber() && n.asDouble() >= 0 ? n.decimalValue() : null;
  }

  private static String plain(BigDecimal d) {
    return d.setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
  }
}
