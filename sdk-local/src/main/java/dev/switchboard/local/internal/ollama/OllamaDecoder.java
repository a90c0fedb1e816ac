package dev.switchboard.local.internal.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Reads Ollama's chat objects into neutral values: text, tool calls (arguments re-serialized from
 * the object Ollama sends; an id made up where the server gives none), the finish reason, usage
 * ({@code prompt_eval_count} in, {@code eval_count} out), the server's own time for the request as
 * the response's typed {@code serverTime} (the basis for pricing by GPU time) and its timings as
 * response metadata. Thread-safe (stateless).
 *
 * <p>Metadata keys (durations in milliseconds, from Ollama's nanoseconds), for people reading the
 * response; no code reads them: {@value #SERVER_TIME_MS} (the whole request on the server), {@value
 * #LOAD_TIME_MS}, {@value #PROMPT_EVAL_MS}, {@value #EVAL_MS} and {@value #TOKENS_PER_SECOND}.
 */
public final class OllamaDecoder {
  /**
   * Metadata: the server's total time for the request ({@code total_duration}), in ms. Shown only:
   * pricing reads the typed {@code serverTime} of the response (see {@link #serverTime}).
   */
  public static final String SERVER_TIME_MS = "server-time-ms";

  /** Metadata: time spent loading the model ({@code load_duration}), in ms. */
  public static final String LOAD_TIME_MS = "load-time-ms";

  /** Metadata: time spent reading the prompt, in ms. */
  public static final String PROMPT_EVAL_MS = "prompt-eval-ms";

  /** Metadata: time spent generating, in ms. */
  public static final String EVAL_MS = "eval-ms";

  /** Metadata: generated tokens per second. */
  public static final String TOKENS_PER_SECOND = "tokens-per-second";

  private OllamaDecoder() {}

  /** A whole (unstreamed) answer; the caller adds the request id and provider. */
  public static ChatResponse.Builder decode(OllamaWire.ChatChunk c, ErrorContext where) {
    if (c.isError()) throw streamError(where);
    OllamaWire.Message m = c.message();
    List<ToolCall> calls = toolCalls(m, 0, where);
    ChatResponse.Builder b =
        ChatResponse.builder()
            .text(m == null || m.content() == null ? "" : m.content())
            .toolCalls(calls)
            .finishReason(finishReason(c.doneReason(), !calls.isEmpty()), c.doneReason())
            .usage(usage(c))
            .serverTime(serverTime(c.totalDuration()))
            .metadata(metadata(c));
    if (c.model() != null && !c.model().isEmpty()) b.model(c.model());
    return b;
  }

  /** The tool calls of a message, numbered from {@code first}. */
  public static List<ToolCall> toolCalls(OllamaWire.Message m, int first, ErrorContext where) {
    if (m == null || m.toolCalls() == null || m.toolCalls().isEmpty()) return List.of();
    List<ToolCall> out = new ArrayList<>(m.toolCalls().size());
    for (OllamaWire.ToolCall call : m.toolCalls()) {
      OllamaWire.Function fn = call.function();
      if (fn == null || fn.name() == null || fn.name().isBlank()) {
        throw new DecodingException("a tool call in the answer has no function name", where);
      }
      JsonNode args = fn.arguments();
      // Ollama sends an object; tolerate a string (its /v1 habit) and absence
      String arguments =
          args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
      String id = call.id() != null && !call.id().isBlank() ? call.id() : newId();
      out.add(new ToolCall(id, fn.name(), arguments.isEmpty() ? "{}" : arguments));
    }
    return out;
  }

  /** Ollama says {@code stop} also when the model called tools. */
  public static FinishReason finishReason(String doneReason, boolean calledTools) {
    if (calledTools) return FinishReason.TOOL_CALLS;
    if (doneReason == null || doneReason.equals("stop")) return FinishReason.STOP;
    return doneReason.equals("length") ? FinishReason.LENGTH : FinishReason.OTHER;
  }

  /**
   * Prompt and generated token counts (the prompt count is small or absent when served from cache).
   */
  public static Usage usage(OllamaWire.ChatChunk c) {
    return Usage.of(nonNegative(c.promptEvalCount()), nonNegative(c.evalCount()));
  }

  /** The server's timings, in milliseconds. */
  public static Map<String, String> metadata(OllamaWire.ChatChunk c) {
    Map<String, String> out = new LinkedHashMap<>();
    putMillis(out, SERVER_TIME_MS, c.totalDuration());
    putMillis(out, LOAD_TIME_MS, c.loadDuration());
    putMillis(out, PROMPT_EVAL_MS, c.promptEvalDuration());
    putMillis(out, EVAL_MS, c.evalDuration());
    if (c.evalCount() != null && c.evalDuration() != null && c.evalDuration() > 0) {
      BigDecimal perSecond =
          BigDecimal.valueOf(c.evalCount())
              .multiply(BigDecimal.valueOf(1_000_000_000L))
              .divide(BigDecimal.valueOf(c.evalDuration()), 1, RoundingMode.HALF_UP);
      out.put(TOKENS_PER_SECOND, perSecond.toPlainString());
    }
    return out;
  }

  /**
   * The server's time for a request from its {@code total_duration} (ns); null when absent or
   * negative.
   */
  public static Duration serverTime(Long totalDurationNanos) {
    return totalDurationNanos == null || totalDurationNanos < 0
        ? null
        : Duration.ofNanos(totalDurationNanos);
  }

  /** Nanoseconds as milliseconds with up to six decimals, exactly. */
  static void putMillis(Map<String, String> out, String key, Long nanos) {
    if (nanos == null || nanos < 0) return;
    out.put(key, BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString());
  }

  /**
   * An {@code {"error": ...}} object after HTTP 200: the model runner failed while answering. Its
   * text is the server's and may quote the prompt, so it is not repeated.
   */
  public static ServiceUnavailableException streamError(ErrorContext where) {
    return new ServiceUnavailableException(
        "the Ollama server reported an error while answering", where);
  }

  private static long nonNegative(Long n) {
    return n == null || n < 0 ? 0 : n;
  }

  /** Older Ollama versions give tool calls no id; the SDK needs one to pair results with calls. */
  private static String newId() {
    return "call_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffffffffL);
  }
}
