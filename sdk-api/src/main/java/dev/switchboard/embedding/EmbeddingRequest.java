package dev.switchboard.embedding;

import dev.switchboard.ModelRequest;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.internal.RequestChecks;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A batch of texts to embed. Immutable and thread-safe.
 *
 * <pre>{@code
 * EmbeddingResponse vectors = client.embed(EmbeddingRequest.builder()
 *     .model("notes-embedding")
 *     .input("chest pain on exertion")
 *     .input("shortness of breath")
 *     .build());
 * }</pre>
 *
 * @since 0.1
 */
public final class EmbeddingRequest implements ModelRequest {
  private final String model;
  private final List<String> inputs;
  private final Integer dimensions;
  private final String endUser;
  private final Map<String, String> tags;
  private final ComplianceTags compliance;
  private final Map<String, Object> extras;
  private final String pinnedProvider;

  private EmbeddingRequest(Builder b) {
    RequestChecks.modelName(b.model, "EmbeddingRequest.model");
    this.model = b.model;
    this.inputs = Checks.listCopy(b.inputs, "EmbeddingRequest.inputs");
    Checks.check(!inputs.isEmpty(), "EmbeddingRequest.inputs", "must contain at least one input");
    for (int i = 0; i < inputs.size(); i++) {
      Checks.check(
          !inputs.get(i).isEmpty(), "EmbeddingRequest.inputs[" + i + "]", "must not be empty");
    }
    if (b.dimensions != null)
      Checks.check(b.dimensions >= 1, "EmbeddingRequest.dimensions", "must be at least 1");
    this.dimensions = b.dimensions;
    if (b.endUser != null) Checks.notBlank(b.endUser, "EmbeddingRequest.endUser");
    this.endUser = b.endUser;
    this.tags = RequestChecks.tags(b.tags, "EmbeddingRequest.tags");
    this.compliance = Checks.notNull(b.compliance, "EmbeddingRequest.compliance");
    this.extras = RequestChecks.extras(b.extras, "EmbeddingRequest.extras");
    if (b.pinnedProvider != null)
      Checks.notBlank(b.pinnedProvider, "EmbeddingRequest.pinnedProvider");
    this.pinnedProvider = b.pinnedProvider;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** The texts to embed, in order; never empty. */
  public List<String> inputs() {
    return inputs;
  }

  /** Requested vector size, for models that can shorten their vectors. */
  public OptionalInt dimensions() {
    return dimensions == null ? OptionalInt.empty() : OptionalInt.of(dimensions);
  }

  /** An opaque end-user id for abuse monitoring. */
  public Optional<String> endUser() {
    return Optional.ofNullable(endUser);
  }

  @Override
  public Map<String, String> tags() {
    return tags;
  }

  @Override
  public ComplianceTags compliance() {
    return compliance;
  }

  @Override
  public Map<String, Object> extras() {
    return extras;
  }

  @Override
  public Optional<String> pinnedProvider() {
    return Optional.ofNullable(pinnedProvider);
  }

  @Override
  public String toString() {
    return "EmbeddingRequest[model="
        + model
        + ", inputs="
        + inputs.size()
        + " ("
        + Checks.chars(inputs)
        + " chars), dimensions="
        + dimensions
        + ", tags="
        + tags.keySet()
        + "]";
  }

  /** Builds an {@link EmbeddingRequest}. Not thread-safe. */
  public static final class Builder {
    private String model;
    private final List<String> inputs = new ArrayList<>();
    private Integer dimensions;
    private String endUser;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private ComplianceTags compliance = ComplianceTags.none();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private String pinnedProvider;

    private Builder() {}

    private Builder(EmbeddingRequest r) {
      model = r.model;
      inputs.addAll(r.inputs);
      dimensions = r.dimensions;
      endUser = r.endUser;
      tags.putAll(r.tags);
      compliance = r.compliance;
      extras.putAll(r.extras);
      pinnedProvider = r.pinnedProvider;
    }

    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends one input. */
    public Builder input(String input) {
      inputs.add(Checks.notNull(input, "input"));
      return this;
    }

    /** Replaces all inputs. */
    public Builder inputs(List<String> inputs) {
      this.inputs.clear();
      this.inputs.addAll(Checks.listCopy(inputs, "inputs"));
      return this;
    }

    public Builder dimensions(int dimensions) {
      this.dimensions = dimensions;
      return this;
    }

    public Builder endUser(String endUser) {
      this.endUser = endUser;
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

    public Builder compliance(ComplianceTags compliance) {
      this.compliance = compliance;
      return this;
    }

    /**
     * Pins the call to one configured provider: it is never swapped for another, and if the
     * compliance policy finds it ineligible the call is refused ({@code
     * PINNED_PROVIDER_INELIGIBLE}).
     */
    public Builder pinProvider(String providerId) {
      this.pinnedProvider = providerId;
      return this;
    }

    public Builder extra(String key, Object value) {
      extras.put(key, value);
      return this;
    }

    /**
     * Builds the request.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public EmbeddingRequest build() {
      return new EmbeddingRequest(this);
    }
  }
}
