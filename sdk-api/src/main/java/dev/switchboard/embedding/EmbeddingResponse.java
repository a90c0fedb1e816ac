package dev.switchboard.embedding;

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
import org.jspecify.annotations.Nullable;

/**
 * Embedding vectors, one per input and in input order, and what they took. Immutable.
 *
 * @since 0.1
 */
public final class EmbeddingResponse {
  private final List<Embedding> embeddings;
  private final Usage usage;
  private final Cost cost;
  private final List<BudgetCharge> budgets;
  private final String provider;
  private final String model;
  private final String requestId;
  private final Duration latency;
  private final Duration serverTime;
  private final int attempts;
  private final Map<String, String> metadata;
  private final ComplianceSummary compliance;

  private EmbeddingResponse(Builder b) {
    List<Embedding> sorted =
        new ArrayList<>(Checks.listCopy(b.embeddings, "EmbeddingResponse.embeddings"));
    sorted.sort((x, y) -> Integer.compare(x.index(), y.index()));
    this.embeddings = List.copyOf(sorted);
    this.usage = Checks.notNull(b.usage, "EmbeddingResponse.usage");
    this.cost = b.cost;
    this.budgets = Checks.listCopy(b.budgets, "budgets");
    this.provider = Checks.notNull(b.provider, "EmbeddingResponse.provider");
    this.model = Checks.notNull(b.model, "EmbeddingResponse.model");
    this.requestId = b.requestId;
    this.latency = Checks.notNull(b.latency, "EmbeddingResponse.latency");
    Checks.check(
        b.serverTime == null || !b.serverTime.isNegative(),
        "EmbeddingResponse.serverTime",
        "must not be negative");
    this.serverTime = b.serverTime;
    Checks.check(b.attempts >= 1, "EmbeddingResponse.attempts", "must be at least 1");
    this.attempts = b.attempts;
    this.metadata = Checks.mapCopy(b.metadata, "EmbeddingResponse.metadata");
    this.compliance = b.compliance;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The vectors, sorted by input index. */
  public List<Embedding> embeddings() {
    return embeddings;
  }

  /** Tokens consumed (embeddings have input tokens only). */
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

  /** The model (or deployment) that served. */
  public String model() {
    return model;
  }

  /** The provider's request id. */
  public Optional<String> requestId() {
    return Optional.ofNullable(requestId);
  }

  /** Wall time of the whole call. */
  public Duration latency() {
    return latency;
  }

  /**
   * The time the server reports it spent on the attempt that served (e.g. Ollama {@code
   * total_duration}), used for GPU-second pricing; empty when the server reports none, and then the
   * attempt's wall time is billed.
   *
   * @since 0.1
   */
  public Optional<Duration> serverTime() {
    return Optional.ofNullable(serverTime);
  }

  /** Attempts made, counting retries and failovers. */
  public int attempts() {
    return attempts;
  }

  /** Provider extras. */
  public Map<String, String> metadata() {
    return metadata;
  }

  /**
   * What compliance decided and did for this call; empty when no compliance policy is configured.
   */
  public Optional<ComplianceSummary> compliance() {
    return Optional.ofNullable(compliance);
  }

  @Override
  public String toString() {
    int dims = embeddings.isEmpty() ? 0 : embeddings.get(0).dimensions();
    return "EmbeddingResponse[provider="
        + provider
        + ", model="
        + model
        + ", vectors="
        + embeddings.size()
        + "x"
        + dims
        + ", usage="
        + usage
        + (cost == null ? "" : ", cost=" + cost.format())
        + ", requestId="
        + requestId
        + ", attempts="
        + attempts
        + "]";
  }

  /** Builds an {@link EmbeddingResponse}. Not thread-safe. */
  public static final class Builder {
    private final List<Embedding> embeddings = new ArrayList<>();
    private Usage usage = Usage.EMPTY;
    private Cost cost;
    private List<BudgetCharge> budgets = List.of();
    private String provider = "";
    private String model = "";
    private String requestId;
    private Duration latency = Duration.ZERO;
    private Duration serverTime;
    private int attempts = 1;
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private ComplianceSummary compliance;

    private Builder() {}

    private Builder(EmbeddingResponse r) {
      embeddings.addAll(r.embeddings);
      usage = r.usage;
      cost = r.cost;
      budgets = r.budgets;
      provider = r.provider;
      model = r.model;
      requestId = r.requestId;
      latency = r.latency;
      serverTime = r.serverTime;
      attempts = r.attempts;
      metadata.putAll(r.metadata);
      compliance = r.compliance;
    }

    public Builder addEmbedding(Embedding embedding) {
      embeddings.add(embedding);
      return this;
    }

    public Builder embeddings(List<Embedding> embeddings) {
      this.embeddings.clear();
      this.embeddings.addAll(embeddings);
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
    public Builder cost(@Nullable Cost cost) {
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

    public Builder latency(Duration latency) {
      this.latency = latency;
      return this;
    }

    /**
     * The time the server reports it spent (e.g. Ollama {@code total_duration}), used for
     * GPU-second pricing; null for none. Must not be negative.
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
      metadata.put(key, value);
      return this;
    }

    /** The compliance summary; set by the pipeline's compliance stage. */
    public Builder compliance(ComplianceSummary compliance) {
      this.compliance = compliance;
      return this;
    }

    public EmbeddingResponse build() {
      return new EmbeddingResponse(this);
    }
  }
}
