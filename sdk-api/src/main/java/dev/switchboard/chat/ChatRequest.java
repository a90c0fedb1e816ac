package dev.switchboard.chat;

import dev.switchboard.ModelRequest;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.internal.RequestChecks;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A provider-neutral chat request. Immutable and thread-safe; build one with {@link #builder()}.
 *
 * <pre>{@code
 * ChatRequest request = ChatRequest.builder()
 *     .model("discharge-summary")
 *     .system("Summarize for the receiving clinician.")
 *     .user(noteText)
 *     .maxOutputTokens(400)
 *     .tag("department", "cardiology")
 *     .build();
 * }</pre>
 *
 * <p>{@link Builder#build()} validates: at least one message, sampling values in range, unique tool
 * names, a tool choice that names a declared tool, and tool messages that answer an earlier tool
 * call. Failures are {@link IllegalArgumentException}s that name the field.
 *
 * @since 0.1
 */
public final class ChatRequest implements ModelRequest {
  private final String model;
  private final List<ChatMessage> messages;
  private final Double temperature;
  private final Double topP;
  private final Integer maxOutputTokens;
  private final List<String> stop;
  private final Long seed;
  private final List<Tool> tools;
  private final ToolChoice toolChoice;
  private final ResponseFormat responseFormat;
  private final String endUser;
  private final Map<String, String> tags;
  private final ComplianceTags compliance;
  private final Map<String, Object> extras;
  private final String pinnedProvider;

  private ChatRequest(Builder b) {
    RequestChecks.modelName(b.model, "ChatRequest.model");
    this.model = b.model;
    this.messages = Checks.listCopy(b.messages, "ChatRequest.messages");
    Checks.check(!messages.isEmpty(), "ChatRequest.messages", "must contain at least one message");
    if (b.temperature != null) {
      Checks.check(
          b.temperature >= 0 && b.temperature <= 2,
          "ChatRequest.temperature",
          "must be between 0 and 2");
    }
    this.temperature = b.temperature;
    if (b.topP != null) {
      Checks.check(
          b.topP > 0 && b.topP <= 1, "ChatRequest.topP", "must be greater than 0 and at most 1");
    }
    this.topP = b.topP;
    if (b.maxOutputTokens != null) {
      Checks.check(b.maxOutputTokens >= 1, "ChatRequest.maxOutputTokens", "must be at least 1");
    }
    this.maxOutputTokens = b.maxOutputTokens;
    this.stop = Checks.listCopy(b.stop, "ChatRequest.stop");
    for (int i = 0; i < stop.size(); i++) {
      Checks.check(!stop.get(i).isEmpty(), "ChatRequest.stop[" + i + "]", "must not be empty");
    }
    this.seed = b.seed;
    this.tools = Checks.listCopy(b.tools, "ChatRequest.tools");
    this.toolChoice = b.toolChoice;
    this.responseFormat = Checks.notNull(b.responseFormat, "ChatRequest.responseFormat");
    if (b.endUser != null) Checks.notBlank(b.endUser, "ChatRequest.endUser");
    this.endUser = b.endUser;
    this.tags = RequestChecks.tags(b.tags, "ChatRequest.tags");
    this.compliance = Checks.notNull(b.compliance, "ChatRequest.compliance");
    this.extras = RequestChecks.extras(b.extras, "ChatRequest.extras");
    if (b.pinnedProvider != null) Checks.notBlank(b.pinnedProvider, "ChatRequest.pinnedProvider");
    this.pinnedProvider = b.pinnedProvider;
    checkTools();
    checkToolMessages();
  }

  private void checkTools() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < tools.size(); i++) {
      if (!names.add(tools.get(i).name())) {
        throw new IllegalArgumentException(
            "ChatRequest.tools[" + i + "].name: duplicates an earlier tool");
      }
    }
    if (toolChoice == null) return;
    if (toolChoice.mode() == ToolChoice.Mode.REQUIRED && tools.isEmpty()) {
      throw new IllegalArgumentException(
          "ChatRequest.toolChoice: REQUIRED needs at least one tool");
    }
    if (toolChoice.mode() == ToolChoice.Mode.TOOL && !names.contains(toolChoice.toolName())) {
      throw new IllegalArgumentException(
          "ChatRequest.toolChoice.toolName: names no tool in ChatRequest.tools");
    }
  }

  private void checkToolMessages() {
    Set<String> calledIds = new HashSet<>();
    for (int i = 0; i < messages.size(); i++) {
      ChatMessage m = messages.get(i);
      if (m instanceof AssistantMessage a) {
        for (ToolCall call : a.toolCalls()) calledIds.add(call.id());
      } else if (m instanceof ToolMessage t && !calledIds.contains(t.toolCallId())) {
        throw new IllegalArgumentException(
            "ChatRequest.messages["
                + i
                + "].toolCallId: answers no tool call of an earlier assistant message");
      }
    }
  }

  /** A new, empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this request's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  @Override
  public Optional<String> model() {
    return Optional.ofNullable(model);
  }

  /** The conversation, oldest first; never empty. */
  public List<ChatMessage> messages() {
    return messages;
  }

  /** Sampling temperature, 0 to 2. */
  public OptionalDouble temperature() {
    return temperature == null ? OptionalDouble.empty() : OptionalDouble.of(temperature);
  }

  /** Nucleus sampling mass, (0, 1]. */
  public OptionalDouble topP() {
    return topP == null ? OptionalDouble.empty() : OptionalDouble.of(topP);
  }

  /**
   * Upper bound on generated tokens (including reasoning tokens where the provider counts them).
   */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  /** Stop sequences; possibly empty. */
  public List<String> stop() {
    return stop;
  }

  /** Seed for best-effort determinism. */
  public OptionalLong seed() {
    return seed == null ? OptionalLong.empty() : OptionalLong.of(seed);
  }

  /** Tools the model may call; possibly empty. */
  public List<Tool> tools() {
    return tools;
  }

  /** How the model must use tools; empty means the provider's default. */
  public Optional<ToolChoice> toolChoice() {
    return Optional.ofNullable(toolChoice);
  }

  /** The answer's shape; {@link ResponseFormat#text()} by default. */
  public ResponseFormat responseFormat() {
    return responseFormat;
  }

  /** An opaque end-user id for the provider's abuse monitoring; never a name or email. */
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

  /** True if any message carries an image. */
  public boolean hasImages() {
    for (ChatMessage m : messages) {
      if (m instanceof UserMessage u && u.hasImages()) return true;
    }
    return false;
  }

  /** Total characters of text across all messages; for estimates, never for logs of content. */
  public long textLength() {
    long n = 0;
    for (ChatMessage m : messages) n += m.text().length();
    return n;
  }

  @Override
  public String toString() {
    return "ChatRequest[model="
        + model
        + ", messages="
        + messages.size()
        + " ("
        + textLength()
        + " chars)"
        + ", tools="
        + tools.size()
        + ", responseFormat="
        + responseFormat.kind()
        + ", tags="
        + tags.keySet()
        + ", extras="
        + extras.keySet()
        + "]";
  }

  /** Builds a {@link ChatRequest}. Not thread-safe; {@link #build()} may be called many times. */
  public static final class Builder {
    private String model;
    private final List<ChatMessage> messages = new ArrayList<>();
    private Double temperature;
    private Double topP;
    private Integer maxOutputTokens;
    private final List<String> stop = new ArrayList<>();
    private Long seed;
    private final List<Tool> tools = new ArrayList<>();
    private ToolChoice toolChoice;
    private ResponseFormat responseFormat = ResponseFormat.text();
    private String endUser;
    private final Map<String, String> tags = new LinkedHashMap<>();
    private ComplianceTags compliance = ComplianceTags.none();
    private final Map<String, Object> extras = new LinkedHashMap<>();
    private String pinnedProvider;

    private Builder() {}

    private Builder(ChatRequest r) {
      model = r.model;
      messages.addAll(r.messages);
      temperature = r.temperature;
      topP = r.topP;
      maxOutputTokens = r.maxOutputTokens;
      stop.addAll(r.stop);
      seed = r.seed;
      tools.addAll(r.tools);
      toolChoice = r.toolChoice;
      responseFormat = r.responseFormat;
      endUser = r.endUser;
      tags.putAll(r.tags);
      compliance = r.compliance;
      extras.putAll(r.extras);
      pinnedProvider = r.pinnedProvider;
    }

    /** The logical model name from config; unset means the client's default model. */
    public Builder model(String model) {
      this.model = model;
      return this;
    }

    /** Appends a system message. */
    public Builder system(String text) {
      return message(ChatMessage.system(text));
    }

    /** Appends a developer message. */
    public Builder developer(String text) {
      return message(ChatMessage.developer(text));
    }

    /** Appends a user message of plain text. */
    public Builder user(String text) {
      return message(ChatMessage.user(text));
    }

    /** Appends a user message of text and image parts. */
    public Builder user(ContentPart... parts) {
      return message(ChatMessage.user(parts));
    }

    /** Appends an assistant message of plain text. */
    public Builder assistant(String text) {
      return message(ChatMessage.assistant(text));
    }

    /** Appends the result of a tool call. */
    public Builder toolResult(String toolCallId, String content) {
      return message(ChatMessage.tool(toolCallId, content));
    }

    /** Appends a message. */
    public Builder message(ChatMessage message) {
      messages.add(Checks.notNull(message, "message"));
      return this;
    }

    /** Replaces all messages. */
    public Builder messages(List<? extends ChatMessage> messages) {
      this.messages.clear();
      this.messages.addAll(Checks.listCopy(messages, "messages"));
      return this;
    }

    public Builder temperature(double temperature) {
      this.temperature = temperature;
      return this;
    }

    public Builder topP(double topP) {
      this.topP = topP;
      return this;
    }

    public Builder maxOutputTokens(int maxOutputTokens) {
      this.maxOutputTokens = maxOutputTokens;
      return this;
    }

    /** Replaces the stop sequences. */
    public Builder stop(String... sequences) {
      stop.clear();
      stop.addAll(List.of(sequences));
      return this;
    }

    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Adds a tool. */
    public Builder addTool(Tool tool) {
      tools.add(Checks.notNull(tool, "tool"));
      return this;
    }

    /** Replaces all tools. */
    public Builder tools(List<Tool> tools) {
      this.tools.clear();
      this.tools.addAll(Checks.listCopy(tools, "tools"));
      return this;
    }

    public Builder toolChoice(ToolChoice toolChoice) {
      this.toolChoice = toolChoice;
      return this;
    }

    public Builder responseFormat(ResponseFormat responseFormat) {
      this.responseFormat = responseFormat;
      return this;
    }

    /** An opaque end-user id (a GUID or hash) for the provider's abuse monitoring. */
    public Builder endUser(String endUser) {
      this.endUser = endUser;
      return this;
    }

    /** Adds an attribution tag, such as {@code department=cardiology}. */
    public Builder tag(String key, String value) {
      tags.put(key, value);
      return this;
    }

    /** Replaces all attribution tags. */
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

    /** Adds a provider-specific body field, passed through as it is. */
    public Builder extra(String key, Object value) {
      extras.put(key, value);
      return this;
    }

    /** Replaces all extra fields. */
    public Builder extras(Map<String, Object> extras) {
      this.extras.clear();
      this.extras.putAll(extras);
      return this;
    }

    /**
     * Validates and builds the request.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public ChatRequest build() {
      return new ChatRequest(this);
    }
  }
}
