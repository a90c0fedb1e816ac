package dev.switchboard.cost.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A {@link CostRecord} as one line of JSON (format version 1). Amounts are written as strings so
 * that no JSON reader turns them into binary floating point.
 */
public final class LedgerCodec {
  /** The format version written in every line as {@code "v"}. */
  public static final int VERSION = 1;

  private LedgerCodec() {}

  /** One line of JSON, without the line break. */
  public static String encode(CostRecord r) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("v", VERSION);
    o.put("id", r.id());
    o.put("time", r.time().toString());
    o.put("callId", r.callId());
    o.put("attempt", r.attempt());
    o.put("operation", r.operation().name());
    o.put("logicalModel", r.logicalModel());
    o.put("provider", r.provider());
    o.put("model", r.model());
    ObjectNode u = o.putObject("usage");
    u.put("input", r.usage().inputTokens());
    u.put("cachedInput", r.usage().cachedInputTokens());
    u.put("output", r.usage().outputTokens());
    u.put("reasoning", r.usage().reasoningTokens());
    ObjectNode c = o.putObject("cost");
    c.put("amount", r.cost().amount().toPlainString());
    c.put("currency", r.cost().currency());
    c.put("estimated", r.cost().estimated());
    c.put("unpriced", r.cost().unpriced());
    o.put("durationMs", r.duration().toMillis());
    o.put("outcome", r.outcome().name());
    ObjectNode tags = o.putObject("tags");
    r.tags().forEach(tags::put);
    if (r.priceSource() != null) o.put("priceSource", r.priceSource());
    return Json.write(o);
  }

  /**
   * Reads one line.
   *
   * @throws IllegalArgumentException if the line is not a complete, valid record
   */
  public static CostRecord decode(String line) {
    JsonNode o;
    try {
      o = Json.MAPPER.readTree(line);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not valid JSON");
    }
    if (o == null || !o.isObject()) throw new IllegalArgumentException("not a JSON object");
    if (o.path("v").asInt(-1) != VERSION)
      throw new IllegalArgumentException("unknown format version");
    try {
      JsonNode u = required(o, "usage");
      JsonNode c = required(o, "cost");
      return new CostRecord(
          text(o, "id"),
          Instant.parse(text(o, "time")),
          text(o, "callId"),
          o.path("attempt").asInt(),
          Operation.valueOf(text(o, "operation")),
          text(o, "logicalModel"),
          text(o, "provider"),
          text(o, "model"),
          new Usage(
              u.path("input").asLong(),
              u.path("cachedInput").asLong(),
              u.path("output").asLong(),
              u.path("reasoning").asLong()),
          new Cost(
              new BigDecimal(text(c, "amount")),
              text(c, "currency"),
              c.path("estimated").asBoolean(),
              c.path("unpriced").asBoolean()),
          Duration.ofMillis(o.path("durationMs").asLong()),
          AttemptOutcome.valueOf(text(o, "outcome")),
          tags(o),
          o.hasNonNull("priceSource") ? o.get("priceSource").asText() : null);
    } catch (RuntimeException e) {
      // Field values may be anything; name the problem, never the content.
      throw new IllegalArgumentException(
          "missing or invalid field (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static JsonNode required(JsonNode o, String field) {
    JsonNode v = o.get(field);
    if (v == null || v.isNull()) throw new IllegalArgumentException(field);
    return v;
  }

  private static String text(JsonNode o, String field) {
    return required(o, field).asText();
  }

  private static Map<String, String> tags(JsonNode o) {
    Map<String, String> tags = new LinkedHashMap<>();
    JsonNode t = o.path("tags");
    for (Map.Entry<String, JsonNode> e : t.properties())
      tags.put(e.getKey(), e.getValue().asText());
    return tags;
  }
}
