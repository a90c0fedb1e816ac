package dev.switchboard.examples.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.usage.BudgetCharge;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The tool's JSON output: one object per response, for scripts. */
final class Json {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output", e);
    }
  }

  /**
   * The version of the tool's JSON documents, the first field of every one; raised when a field
   * changes meaning or goes away (new fields may appear without it).
   */
  static final int SCHEMA_VERSION = 1;

  /** A new document: {@code schemaVersion} first, then the command's fields. */
  static Map<String, Object> document() {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("schemaVersion", SCHEMA_VERSION);
    return out;
  }

  static Map<String, Object> chat(ChatResponse r, String logicalModel) {
    Map<String, Object> out = document();
    out.put("text", r.text());
    List<Map<String, Object>> calls = new ArrayList<>();
    for (ToolCall c : r.toolCalls()) {
      Map<String, Object> call = new LinkedHashMap<>();
      call.put("id", c.id());
      call.put("name", c.name());
      call.put("arguments", c.arguments());
      calls.add(call);
    }
    out.put("toolCalls", calls);
    out.put("finishReason", r.finishReason().name());
    out.put("rawFinishReason", r.rawFinishReason().orElse(null));
    out.put("usage", usage(r.usage()));
    out.put("cost", r.cost().map(Json::cost).orElse(null));
    out.put("budgets", budgets(r.budgets()));
    out.put("logicalModel", logicalModel);
    out.put("provider", r.provider());
    out.put("model", r.model());
    out.put("servedBy", r.provider() + "/" + r.model());
    out.put("requestId", r.requestId().orElse(null));
    out.put("attempts", r.attempts());
    out.put("latencyMs", r.latency().toMillis());
    out.put("metadata", r.metadata());
    out.put("compliance", r.compliance().map(Compliance::summary).orElse(null));
    return out;
  }

  static Map<String, Object> embedding(EmbeddingResponse r, String logicalModel) {
    Map<String, Object> out = document();
    List<float[]> vectors = new ArrayList<>();
    r.embeddings().forEach(e -> vectors.add(e.vector()));
    out.put("vectors", vectors);
    out.put("dimensions", r.embeddings().isEmpty() ? 0 : r.embeddings().get(0).dimensions());
    out.put("usage", usage(r.usage()));
    out.put("cost", r.cost().map(Json::cost).orElse(null));
    out.put("budgets", budgets(r.budgets()));
    out.put("logicalModel", logicalModel);
    out.put("provider", r.provider());
    out.put("model", r.model());
    out.put("requestId", r.requestId().orElse(null));
    out.put("attempts", r.attempts());
    out.put("latencyMs", r.latency().toMillis());
    out.put("compliance", r.compliance().map(Compliance::summary).orElse(null));
    return out;
  }

  /** The amount as a string, so that no JSON reader turns it into binary floating point. */
  static Map<String, Object> cost(Cost c) {
    return cost(c.amount(), c.currency(), c.estimated(), c.unpriced());
  }

  /**
   * Every cost the tool prints, in one shape: the amount as an exact decimal string, its currency,
   * and whether any of it was estimated or unpriced.
   */
  static Map<String, Object> cost(
      BigDecimal amount, String currency, boolean estimated, boolean unpriced) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("amount", amount.toPlainString());
    out.put("currency", currency);
    out.put("estimated", estimated);
    out.put("unpriced", unpriced);
    return out;
  }

  /** Each budget charged, amounts as strings; {@code overSoftLimit} flags a soft budget past it. */
  static List<Map<String, Object>> budgets(List<BudgetCharge> charges) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (BudgetCharge c : charges) {
      Map<String, Object> b = new LinkedHashMap<>();
      b.put("budget", c.budget());
      b.put("period", c.period());
      b.put("mode", c.hard() ? "hard" : "soft");
      b.put("limit", c.limit().toPlainString());
      b.put("used", c.used().toPlainString());
      b.put("currency", c.currency());
      b.put("overSoftLimit", c.overSoftLimit());
      out.add(b);
    }
    return out;
  }

  static Map<String, Object> usage(Usage u) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("inputTokens", u.inputTokens());
    out.put("cachedInputTokens", u.cachedInputTokens());
    out.put("outputTokens", u.outputTokens());
    out.put("reasoningTokens", u.reasoningTokens());
    out.put("totalTokens", u.totalTokens());
    return out;
  }
}
