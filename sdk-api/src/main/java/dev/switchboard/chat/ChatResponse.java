package dev.switchboard.chat;

import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.spi.Checks;
import dev.switchboard.usage.BudgetCharge;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The model's answer and what it took to get it. Immutable and thread-safe.
 *
 * <p>{@link #provider()} and {@link #model()} name the target that actually served, which after a
 * failover is not necessarily the first one configured; {@link #attempts()} counts every attempt
 * the call made.
 *
 * @since 0.1
 */
public final class ChatResponse {
  private final String text;
  private final List<ToolCall> toolCalls;
  private final FinishReason finishReason;
  private final String rawFinishReason;
  private final Usage usage;
  private final Cost cost;
  private final List<BudgetCharge> budgets;
  private final String provider;
  private final String model;
  private final String requestId;
  private final String responseId;
  private final Duration latency;
  private final Duration serverTime;
  private final int attempts;
  private final Map<String, String> metadata;
  private final ComplianceSummary compliance;
  private final SafetyResult safety;

  private ChatResponse(Builder b) {
    this.text = Checks.notNull(b.text, "ChatResponse.text");
    this.toolCalls = Checks.listCopy(b.toolCalls, "ChatResponse.toolCalls");
    this.finishReason = Checks.notNull(b.finishReason, "ChatResponse.finishReason");
    this.rawFinishReason = b.rawFinishReason;
    this.usage = Checks.notNull(b.usage, "ChatResponse.usage");
    this.cost = b.cost;
    this.budgets = Checks.listCopy(b.budgets, "budgets");
    this.provider = Checks.notNull(b.provider, "ChatResponse.provider");
    this.model = Checks.notNull(b.model, "ChatResponse.model");
    this.requestId = b.requestId;
    this.responseId = b.responseId;
    this.latency = Checks.notNull(b.latency, "ChatResponse.latency");
    Checks.check(
        b.serverTime == null || !b.serverTime.isNegative(),
        "ChatResponse.serverTime",
        "must not be negative");
    this.serverTime = b.serverTime;
    Checks.check(b.attempts >= 1, "ChatResponse.attempts", "must be at least 1");
    this.attempts = b.attempts;
    this.metadata = Checks.mapCopy(b.metadata, "ChatResponse.metadata");
    this.compliance = b.compliance;
    this.safety = b.safety;
  }

  /** A new builder; {@code finishReason} defaults to STOP, usage to empty, attempts to 1. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this response's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The answer's text; empty when the model only called tools. */
  public String text() {
    return text;
  }

  /** Complete tool calls the model asked for; possibly empty. */
  public List<ToolCall> toolCalls() {
    return toolCalls;
  }

  /** Why the model stopped. */
  public FinishReason finishReason() {
    return finishReason;
  }

  /** The provider's own finish value, such as {@code end_turn} or {@code content_filter}. */
  public Optional<String> rawFinishReason() {
    return Optional.ofNullable(rawFinishReason);
  }

  /** Token counts the provider reported. */
  public Usage usage() {
    return usage;
  }

  /**
   * What the call cost, across all its billed attempts, when cost tracking is on: exact, or flagged
   * {@link Cost#estimated() estimated} or {@link Cost#unpriced() unpriced}.
   */
  public Optional<Cost> cost() {
    return Optional.ofNullable(cost);
  }

  /**
   * The budgets the call was charged against, when cost tracking has budgets that match its tags; a
   * soft budget over its limit shows here ({@link BudgetCharge#overSoftLimit()}). Empty without.
   *
   * @since 0.2
   */
  public List<BudgetCharge> budgets() {
    return budgets;
  }

  /** The configured id of the provider that served. */
  public String provider() {
    return provider;
  }

  /** The model (or deployment) that actually served. */
  public String model() {
    return model;
  }

  /** The provider's request id (for example {@code apim-request-id}), for support cases. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** The provider's id for this completion (for example {@code chatcmpl-...}). */
  public Optional<String> responseId() {
    return Optional.ofNullable(responseId);
  }

  /** Wall time of the whole call, across all attempts. */
  public Duration latency() {
    return latency;
  }

  /**
   * The time the server reports it spent on the attempt that served (e.g. Ollama {@code
   * total_duration}, llama.cpp {@code timings}), used for GPU-second pricing; empty when the server
   * reports none, and then the attempt's wall time is billed. Unlike {@link #latency()} it excludes
   * queueing in the SDK and the network.
   *
   * @since 0.1
   */
  public Optional<Duration> serverTime() {
    return Optional.ofNullable(serverTime);
  }

  /** Attempts made, counting retries and failovers; 1 when the first attempt served. */
  public int attempts() {
    return attempts;
  }

  /** Provider extras (serving region, remaining quota, ...); never prompt or answer text. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * What compliance decided and did for this call; empty when no compliance policy is configured.
   */
  public Optional<ComplianceSummary> compliance() {
    return Optional.ofNullable(compliance);
  }

  /** The provider's content-safety verdicts (prompt and completion); empty if it reported none. */
  public Optional<SafetyResult> safety() {
    return Optional.ofNullable(safety);
  }

  @Override
  public String toString() {
    return "ChatResponse[provider="
        + provider
        + ", model="
        + model
        + ", finishReason="
        + finishReason
        + ", text="
        + text.length()
        + " chars, toolCalls="
        + toolCalls.size()
        + ", usage="
        + usage
        + (cost == null ? "" : ", cost=" + cost.format())
        + ", requestId="
        + requestId
        + ", attempts="
        + attempts
        + ", latency="
        + latency.toMillis()
        + "ms]";
  }

  /** Builds a {@link ChatResponse}; used by adapters and pipeline stages. Not thread-safe. */
  public static final class Builder {
    private String text = "";
    private List<ToolCall> toolCalls = List.of();
    private FinishReason finishReason = FinishReason.STOP;
    private String rawFinishReason;
    private Usage usage = Usage.EMPTY;
    private Cost cost;
    private List<BudgetCharge> budgets = List.of();
    private String provider = "";
    private String model = "";
    private String requestId;
    private String responseId;
    private Duration latency = Duration.ZERO;
    private Duration serverTime;
    private int attempts = 1;
    private Map<String, String> metadata = Map.of();
    private SafetyResult safety;
    private ComplianceSummary compliance;

    private Builder() {}

    private Builder(ChatResponse r) {
      text = r.text;
      toolCalls = r.toolCalls;
      finishReason = r.finishReason;
      rawFinishReason = r.rawFinishReason;
      usage = r.usage;
      cost = r.cost;
      budgets = r.budgets;
      provider = r.provider;
      model = r.model;
      requestId = r.requestId;
      responseId = r.responseId;
      latency = r.latency;
      serverTime = r.serverTime;
      attempts = r.attempts;
      metadata = r.metadata;
      safety = r.safety;
      compliance = r.compliance;
    }

    public Builder text(String text) {
      this.text = text;
      return this;
    }

    public Builder toolCalls(List<ToolCall> toolCalls) {
      this.toolCalls = toolCalls;
      return this;
    }

    public Builder addToolCall(ToolCall toolCall) {
      List<ToolCall> grown = new ArrayList<>(toolCalls);
      grown.add(toolCall);
      toolCalls = grown;
      return this;
    }

    /** Sets the neutral finish reason and the provider's raw value (may be null). */
    public Builder finishReason(FinishReason finishReason, String raw) {
      this.finishReason = finishReason;
      this.rawFinishReason = raw;
      return this;
    }

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    /**
     * The budgets the call was charged against.
     *
     * @since 0.2
     */
    public Builder budgets(List<BudgetCharge> budgets) {
      this.budgets = Checks.notNull(budgets, "budgets");
      return this;
    }

    /** The call's cost; null for none. */
    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public Builder provider(String provider) {
      this.provider = provider;
      return this;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    public Builder requestId(String requestId) {
      this.requestId = requestId;
      return this;
    }

    public Builder responseId(String responseId) {
      this.responseId = responseId;
      return this;
    }

    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * The time the server reports it spent (e.g. Ollama {@code total_duration}, llama.cpp {@code
     * timings}), used for GPU-second pricing; null for none. Must not be negative.
     */
    public Builder serverTime(Duration serverTime) {
      this.serverTime = serverTime;
      return this;
    }

    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    public Builder putMetadata(String key, String value) {
      Map<String, String> grown = new LinkedHashMap<>(metadata);
      grown.put(key, value);
      metadata = grown;
      return this;
    }

    /** The compliance summary; set by the pipeline's compliance stage. */
    public Builder compliance(ComplianceSummary compliance) {
      this.compliance = compliance;
      return this;
    }

    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** The provider's content-safety verdicts; null for none. */
    public Builder safety(SafetyResult safety) {
      this.safety = safety;
      return this;
    }

    public ChatResponse build() {
      return new ChatResponse(this);
    }
  }
}
