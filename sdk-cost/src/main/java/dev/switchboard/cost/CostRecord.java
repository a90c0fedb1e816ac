package dev.switchboard.cost;

import dev.switchboard.pipeline.Operation;
import dev.switchboard.spi.Checks;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One line of the cost ledger: one billed attempt, with its attribution. A call that was retried or
 * failed over has one record per billed attempt, all with the same {@code callId}.
 *
 * @param id this record's unique id
 * @param time when the attempt was billed (it ended)
 * @param callId the SDK's id of the call
 * @param attempt the attempt number within the call, from 1
 * @param operation chat, stream or embed
 * @param logicalModel the logical model the caller asked for
 * @param provider the configured provider id that served the attempt
 * @param model the provider-side model or deployment
 * @param usage tokens, as reported (or estimated, see {@link Cost#estimated()})
 * @param cost what the attempt cost
 * @param duration how long the attempt took
 * @param outcome how the attempt ended
 * @param tags the request's attribution tags (department, application, user, ...)
 * @param priceSource which catalog entry priced it, or null when unpriced
 * @since 0.1
 */
public record CostRecord(
    String id,
    Instant time,
    String callId,
    int attempt,
    Operation operation,
    String logicalModel,
    String provider,
    String model,
    Usage usage,
    Cost cost,
    Duration duration,
    AttemptOutcome outcome,
    Map<String, String> tags,
    String priceSource) {

  public CostRecord {
    Checks.notBlank(id, "CostRecord.id");
    Checks.notNull(time, "CostRecord.time");
    Checks.notBlank(callId, "CostRecord.callId");
    Checks.check(attempt >= 1, "CostRecord.attempt", "must be at least 1");
    Checks.notNull(operation, "CostRecord.operation");
    Checks.notBlank(logicalModel, "CostRecord.logicalModel");
    Checks.notBlank(provider, "CostRecord.provider");
    Checks.notBlank(model, "CostRecord.model");
    Checks.notNull(usage, "CostRecord.usage");
    Checks.notNull(cost, "CostRecord.cost");
    Checks.notNull(duration, "CostRecord.duration");
    Checks.notNull(outcome, "CostRecord.outcome");
    tags = Checks.mapCopy(tags, "CostRecord.tags");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Which catalog entry priced the attempt; empty when unpriced. */
  public Optional<String> priceSourceIfAny() {
    return Optional.ofNullable(priceSource);
  }

  /** Ids, model, amount and tag keys only: tag values may identify people. */
  @Override
  public String toString() {
    return "CostRecord["
        + id
        + ", call="
        + callId
        + "#"
        + attempt
        + ", "
        + operation
        + ", "
        + provider
        + "/"
        + model
        + ", "
        + usage
        + ", "
        + cost
        + ", "
        + outcome
        + ", tags="
        + tags.keySet()
        + "]";
  }

  /**
   * A version-4 UUID from ThreadLocalRandom, not SecureRandom ({@code UUID.randomUUID()}): record
   * ids correlate, they guard nothing, and one is drawn for every billed attempt.
   */
  private static String randomId() {
    java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
    long hi = (r.nextLong() & ~0xF000L) | 0x4000L;
    long lo = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    return new java.util.UUID(hi, lo).toString();
  }

  /** Builds a {@link CostRecord}; id and time default to a fresh UUID and now. Not thread-safe. */
  public static final class Builder {
    private String id = randomId();
    private Instant time = Instant.now();
    private String callId;
    private int attempt = 1;
    private Operation operation = Operation.CHAT;
    private String logicalModel;
    private String provider;
    private String model;
    private Usage usage = Usage.EMPTY;
    private Cost cost;
    private Duration duration = Duration.ZERO;
    private AttemptOutcome outcome = AttemptOutcome.COMPLETED;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private String priceSource;

    private Builder() {}

    public Builder id(String id) {
      this.id = id;
      return this;
    }

    public Builder time(Instant time) {
      this.time = time;
      return this;
    }

    public Builder callId(String callId) {
      this.callId = callId;
      return this;
    }

    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    public Builder operation(Operation operation) {
      this.operation = operation;
      return this;
    }

    public Builder logicalModel(String logicalModel) {
      this.logicalModel = logicalModel;
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

    public Builder usage(Usage usage) {
      this.usage = usage;
      return this;
    }

    public Builder cost(Cost cost) {
      this.cost = cost;
      return this;
    }

    public Builder duration(Duration duration) {
      this.duration = duration;
      return this;
    }

    public Builder outcome(AttemptOutcome outcome) {
      this.outcome = outcome;
      return this;
    }

    public Builder tag(String key, String value) {
      tags.put(key, value);
      return this;
    }

    public Builder tags(Map<String, String> tags) {
      this.tags.clear();
      this.tags.putAll(tags);
      return this;
    }

    public Builder priceSource(String priceSource) {
      this.priceSource = priceSource;
      return this;
    }

    /**
     * Builds the record.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public CostRecord build() {
      return new CostRecord(
          id,
          time,
          callId,
          attempt,
          operation,
          logicalModel,
          provider,
          model,
          usage,
          cost,
          duration,
          outcome,
          tags,
          priceSource);
    }
  }
}
