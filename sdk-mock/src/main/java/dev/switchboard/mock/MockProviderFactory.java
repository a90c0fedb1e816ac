package dev.switchboard.mock;

import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.mock.internal.Json;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Creates mock providers for config {@code type: mock}; see {@link MockConfig} for the keys. */
public final class MockProviderFactory implements ModelProviderFactory {
  /** The config type. */
  public static final String TYPE = "mock";

  private static final Map<String, java.util.function.Function<ProviderSettings, MockFault>>
      FAULTS =
          Map.of(
              "rate-limited", s -> MockFault.rateLimited(s.duration("retry-after").orElse(null)),
              "unavailable", s -> MockFault.unavailable(),
              "timeout", s -> MockFault.timeout(),
              "content-filtered",
                  s -> MockFault.contentFiltered(s.stringList("categories").toArray(new String[0])),
              "disconnect", s -> MockFault.disconnect(s.integer("after-chunks").orElse(0)),
              "authentication", s -> MockFault.authentication(),
              "invalid-request", s -> MockFault.invalidRequest());

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public ProviderConfig parse(ProviderSettings s) {
    Duration latency = s.duration("latency").orElse(Duration.ZERO);
    int chunk = s.integer("chunk-size").orElse(1);
    if (chunk < 1) s.problem("chunk-size", "must be at least 1");
    Duration chunkDelay = s.duration("chunk-delay").orElse(Duration.ZERO);
    int dims = s.integer("embedding-dimensions").orElse(256);
    if (dims < 1) s.problem("embedding-dimensions", "must be at least 1");
    ProviderCapabilities caps =
        s.section("capabilities")
            .map(MockProviderFactory::capabilities)
            .orElse(ProviderCapabilities.all());
    List<MockScript.Rule> rules = new ArrayList<>();
    for (ProviderSettings r : s.sections("replies")) rule(r).ifPresent(rules::add);
    return new MockConfig(
        latency, Math.max(chunk, 1), chunkDelay, Math.max(dims, 1), caps, new MockScript(rules));
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    return MockProvider.fromConfig(id, (MockConfig) config);
  }

  private static ProviderCapabilities capabilities(ProviderSettings c) {
    ProviderCapabilities all = ProviderCapabilities.all();
    return new ProviderCapabilities(
        c.bool("chat").orElse(all.chat()),
        c.bool("streaming").orElse(all.streaming()),
        c.bool("tools").orElse(all.tools()),
        c.bool("json-object").orElse(all.jsonObject()),
        c.bool("json-schema").orElse(all.jsonSchema()),
        c.bool("vision").orElse(all.vision()),
        c.bool("embeddings").orElse(all.embeddings()),
        c.bool("streaming-usage").orElse(all.streamingUsage()),
        c.integer("context-window").orElse(0));
  }

  private static Optional<MockScript.Rule> rule(ProviderSettings r) {
    Pattern pattern = null;
    Optional<String> match = r.string("match");
    if (match.isPresent()) {
      try {
        pattern = Pattern.compile(match.get());
      } catch (PatternSyntaxException e) {
        r.problem("match", "must be a valid regular expression");
      }
    }
    List<MockReply> replies = new ArrayList<>();
    if (r.has("sequence")) {
      for (ProviderSettings item : r.sections("sequence")) reply(item).ifPresent(replies::add);
      if (r.has("text") || r.has("fault") || r.has("tool-calls"))
        r.problem(null, "give either sequence or one reply, not both");
    } else {
      reply(r).ifPresent(replies::add);
    }
    return replies.isEmpty()
        ? Optional.empty()
        : Optional.of(new MockScript.Rule(pattern, replies));
  }

  private static Optional<MockReply> reply(ProviderSettings r) {
    int kinds = (r.has("text") ? 1 : 0) + (r.has("fault") ? 1 : 0) + (r.has("tool-calls") ? 1 : 0);
    if (kinds != 1) {
      r.problem(null, "a reply needs exactly one of text, tool-calls or fault");
      for (String key : r.keys()) r.markRead(key);
      return Optional.empty();
    }
    MockReply reply;
    if (r.has("text")) {
      reply = MockReply.text(r.string("text").orElse(""));
    } else if (r.has("fault")) {
      Optional<String> kind = r.oneOf("fault", FAULTS.keySet());
      if (kind.isEmpty()) return Optional.empty();
      reply = MockReply.fault(FAULTS.get(kind.get()).apply(r));
    } else {
      List<ToolCall> calls = new ArrayList<>();
      List<ProviderSettings> items = r.sections("tool-calls");
      for (int i = 0; i < items.size(); i++) {
        ProviderSettings c = items.get(i);
        String name = c.requiredString("name");
        String args = c.raw("arguments").map(Json::write).orElse("{}");
        String id = c.string("id").orElse("call_mock_" + (i + 1));
        if (!name.isEmpty()) calls.add(new ToolCall(id, name, args));
      }
      if (calls.isEmpty()) return Optional.empty();
      reply = MockReply.toolCalls(calls.toArray(new ToolCall[0]));
    }
    Optional<ProviderSettings> usage = r.section("usage");
    if (usage.isPresent()) {
      reply =
          reply.withUsage(
              new Usage(
                  usage.get().integer("input").orElse(0),
                  usage.get().integer("cached-input").orElse(0),
                  usage.get().integer("output").orElse(0),
                  usage.get().integer("reasoning").orElse(0)));
    }
    Optional<String> finish =
        r.oneOf("finish-reason", Set.of("stop", "length", "tool-calls", "content-filter", "other"));
    if (finish.isPresent()) {
      reply =
          reply.withFinishReason(
              FinishReason.valueOf(finish.get().replace('-', '_').toUpperCase(Locale.ROOT)));
    }
    Optional<Duration> latency = r.duration("latency");
    if (latency.isPresent()) reply = reply.withLatency(latency.get());
    return Optional.of(reply);
  }
}
