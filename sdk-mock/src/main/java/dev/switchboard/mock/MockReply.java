package dev.switchboard.mock;

import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.spi.Checks;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One scripted answer: text, tool calls, or a fault; with optional usage, finish reason and
 * latency. Immutable; the {@code with} methods return copies.
 *
 * <pre>{@code
 * MockReply.text("Patient stable.").withUsage(Usage.of(120, 8)).withLatency(Duration.ofMillis(30));
 * MockReply.toolCalls(new ToolCall("call_1", "lookup_allergies", "{\"patient\":\"p-17\"}"));
 * MockReply.fault(MockFault.rateLimited(Duration.ofMillis(200)));
 * }</pre>
 *
 * @since 0.1
 */
public final class MockReply {
  private final String text;
  private final List<ToolCall> toolCalls;
  private final MockFault fault;
  private final Usage usage;
  private final FinishReason finishReason;
  private final Duration latency;
  private final List<float[]> vectors;

  private MockReply(
      String text,
      List<ToolCall> toolCalls,
      MockFault fault,
      Usage usage,
      FinishReason finishReason,
      Duration latency,
      List<float[]> vectors) {
    this.text = Checks.notNull(text, "MockReply.text");
    this.toolCalls = Checks.listCopy(toolCalls, "MockReply.toolCalls");
    this.fault = fault;
    this.usage = usage;
    this.finishReason = finishReason;
    Checks.check(
        latency == null || !latency.isNegative(), "MockReply.latency", "must not be negative");
    this.latency = latency;
    this.vectors = vectors == null ? null : vectors.stream().map(float[]::clone).toList();
  }

  /** A text answer. */
  public static MockReply text(String text) {
    return new MockReply(text, List.of(), null, null, null, null, null);
  }

  /** An answer that calls tools. */
  public static MockReply toolCalls(ToolCall... calls) {
    Checks.check(calls.length > 0, "MockReply.toolCalls", "must contain at least one call");
    return new MockReply("", List.of(calls), null, null, null, null, null);
  }

  /** A failure instead of an answer. */
  public static MockReply fault(MockFault fault) {
    return new MockReply(
        "", List.of(), Checks.notNull(fault, "MockReply.fault"), null, null, null, null);
  }

  /** Embedding vectors for an embedding call (one per input, in order). */
  public static MockReply embeddings(List<float[]> vectors) {
    Checks.check(
        vectors != null && !vectors.isEmpty(),
        "MockReply.vectors",
        "must contain at least one vector");
    return new MockReply("", List.of(), null, null, null, null, vectors);
  }

  /**
   * A copy that fails with the fault; for {@link MockFault.Kind#DISCONNECT} a streamed answer sends
   * its first chunks before the connection drops.
   */
  public MockReply withFault(MockFault fault) {
    return new MockReply(
        text, toolCalls, Checks.notNull(fault, "fault"), usage, finishReason, latency, vectors);
  }

  /** A copy reporting this usage instead of the estimate from the text. */
  public MockReply withUsage(Usage usage) {
    return new MockReply(text, toolCalls, fault, usage, finishReason, latency, vectors);
  }

  /** A copy with this finish reason instead of the natural one. */
  public MockReply withFinishReason(FinishReason finishReason) {
    return new MockReply(text, toolCalls, fault, usage, finishReason, latency, vectors);
  }

  /** A copy that waits this long before answering (or failing). */
  public MockReply withLatency(Duration latency) {
    return new MockReply(text, toolCalls, fault, usage, finishReason, latency, vectors);
  }

  public String text() {
    return text;
  }

  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  public Optional<MockFault> fault() {
    return Optional.ofNullable(fault);
  }

  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /** The finish reason: as set, else TOOL_CALLS for tool calls, else STOP. */
  public FinishReason finishReason() {
    if (finishReason != null) return finishReason;
    return toolCalls.isEmpty() ? FinishReason.STOP : FinishReason.TOOL_CALLS;
  }

  public Optional<Duration> latency() {
    return Optional.ofNullable(latency);
  }

  /** Scripted embedding vectors, if any (copies). */
  public Optional<List<float[]>> vectors() {
    return vectors == null
        ? Optional.empty()
        : Optional.of(vectors.stream().map(float[]::clone).toList());
  }

  @Override
  public String toString() {
    return fault != null
        ? "MockReply[" + fault + "]"
        : "MockReply[" + text.length() + " chars, toolCalls=" + toolCalls.size() + "]";
  }
}
