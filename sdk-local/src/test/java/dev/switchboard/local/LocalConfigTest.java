package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.spi.ResponseLimits;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The config keys of both local provider types, and their problems reported by path. */
class LocalConfigTest {

  private static SwitchboardConfig parse(String providers) {
    return SwitchboardConfig.parse(
        "providers:\n" + providers + "models:\n  m: { provider: p, model: x }\n",
        "test.yaml",
        Map.of("VLLM_KEY", "sk-vllm-secret")::get);
  }

  @Test
  void ollamaReadsEveryKey() {
    SwitchboardConfig c =
        parse(
            "  p:\n    type: ollama\n    base-url: http://gpu01.hospital.internal:11434\n"
                + "    keep-alive: 30m\n    think: \"false\"\n    options: { num_ctx: 8192, top_k: 40 }\n"
                + "    capabilities: { \"llava:13b\": { tools: false, context-window: 4096 } }\n"
                + "    discover-capabilities: false\n    discovery-timeout: 1500ms\n");
    OllamaConfig o = (OllamaConfig) c.providers().get("p");
    assertThat(o.baseUrl().toString()).isEqualTo("http://gpu01.hospital.internal:11434");
    assertThat(o.keepAlive()).contains("30m");
    assertThat(o.think()).contains(false);
    assertThat(o.options()).containsEntry("num_ctx", 8192).containsEntry("top_k", 40);
    assertThat(o.capabilities().get("llava:13b").tools()).isFalse();
    assertThat(o.capabilities().get("llava:13b").contextWindow()).isEqualTo(4096);
    assertThat(o.discoverCapabilities()).isFalse();
    assertThat(o.discoveryTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(o.describe())
        .isEqualTo("ollama http://gpu01.hospital.internal:11434 keep-alive=30m");
  }

  @Test
  void ollamaDefaultsToLocalhost() {
    OllamaConfig o = (OllamaConfig) parse("  p: { type: ollama }\n").providers().get("p");
    assertThat(o.baseUrl().toString()).isEqualTo("http://localhost:11434");
    assertThat(o.discoverCapabilities()).isTrue();
  }

  @Test
  void openAiCompatibleReadsEveryKeyAndNeverShowsTheKey() {
    SwitchboardConfig c =
        parse(
            "  p:\n    type: openai-compatible\n    server: vllm\n"
                + "    base-url: https://gpu02.hospital.internal:8000/v1\n    api-key: ${VLLM_KEY}\n    stream-usage: false\n"
                + "    max-tokens-field: max_completion_tokens\n");
    OpenAiCompatibleConfig o = (OpenAiCompatibleConfig) c.providers().get("p");
    assertThat(o.server()).isEqualTo(LocalServer.VLLM);
    assertThat(o.apiKey()).isPresent();
    assertThat(o.apiKey().get().reveal()).isEqualTo("sk-vllm-secret");
    assertThat(o.streamUsage()).contains(false);
    assertThat(o.maxTokensField()).contains("max_completion_tokens");
    assertThat(o.describe())
        .isEqualTo("openai-compatible vllm https://gpu02.hospital.internal:8000/v1 api-key")
        .doesNotContain("sk-vllm-secret");
    assertThat(o.serverLabel()).isEqualTo("vLLM server at https://gpu02.hospital.internal:8000/v1");
  }

  @Test
  void everyProblemIsReportedByPathWithoutEchoingValues() {
    assertThatThrownBy(
            () ->
                parse(
                    "  p:\n    type: openai-compatible\n    server: sglang\n    stream-usage: maybe\n"
                        + "  q:\n    type: ollama\n    base-url: http://admin:hunter2@gpu01:11434\n    keep-alive: forever\n    think: deep\n"
                        + "    options: [1, 2]\n    colour: blue\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "providers.p.base-url: is required: the server's URL, such as http://gpu02.hospital.internal:8000",
                        "providers.q.options: must be a mapping of Ollama runtime options, such as { num_ctx: 8192 }",
                        "providers.q.colour: unknown key"))
        .satisfies(
            e ->
                assertThat(String.join("\n", ((ConfigException) e).problems()))
                    .contains("providers.p.server:")
                    .contains("providers.p.stream-usage:")
                    .contains("providers.q.base-url: must not contain credentials")
                    .doesNotContain("hunter2")
                    .doesNotContain("sglang"));
  }

  @Test
  void badKeepAliveAndThinkAreReported() {
    assertThatThrownBy(() -> parse("  p: { type: ollama, keep-alive: forever }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.p.keep-alive: must be a duration such as 5m");
    assertThatThrownBy(() -> parse("  p: { type: ollama, think: deep }\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("providers.p.think: must be true, false, low, medium, high or max");
  }

  @Test
  void ollamaIsNotAnOpenAiCompatibleServerHint() {
    assertThatThrownBy(
            () ->
                OpenAiCompatibleConfig.builder()
                    .server(LocalServer.OLLAMA)
                    .baseUrl(java.net.URI.create("http://h:11434"))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("use type ollama");
  }

  @Test
  void anApiKeyNeverTravelsInClearToAnotherHost() {
    String clear =
        "plain http to a non-loopback host with an api-key; use https or set allow-insecure-http:"
            + " true";
    assertThatThrownBy(
            () ->
                parse(
                    "  gpu-ward:\n    type: openai-compatible\n"
                        + "    base-url: http://gpu02.hospital.internal:8000/v1\n    api-key: ${VLLM_KEY}\n"
                        + "  ollama-ward:\n    type: ollama\n"
                        + "    base-url: http://gpu01.hospital.internal:11434\n    api-key: ${VLLM_KEY}\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "providers.gpu-ward.base-url: " + clear,
                        "providers.ollama-ward.base-url: " + clear))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("sk-vllm-secret"));
  }

  @Test
  void plainHttpStaysAllowedWithoutAKeyToLoopbackOrWhenAllowed() {
    SwitchboardConfig c =
        parse(
            "  p: { type: openai-compatible, base-url: http://gpu02.hospital.internal:8000 }\n"
                + "  q: { type: ollama, base-url: http://127.0.0.1:11434, api-key: x }\n"
                + "  r: { type: openai-compatible, base-url: http://gpu03:8000, api-key: x,"
                + " allow-insecure-http: true }\n");
    assertThat(c.providers()).containsKeys("p", "q", "r");
    assertThat(((OpenAiCompatibleConfig) c.providers().get("r")).allowInsecureHttp()).isTrue();
  }

  @Test
  void limitsAreReadWithSizesAndDefaultOtherwise() {
    SwitchboardConfig c =
        parse(
            "  p:\n    type: ollama\n    limits: { max-response-bytes: 32MB, max-stream-line: 64KB,"
                + " max-streamed-text: 1000000, max-tool-arguments: 2M }\n"
                + "  q: { type: openai-compatible, base-url: http://127.0.0.1:8000 }\n");
    assertThat(((OllamaConfig) c.providers().get("p")).limits())
        .isEqualTo(new ResponseLimits(32L << 20, 64L << 10, 1_000_000, 2L << 20));
    assertThat(((OpenAiCompatibleConfig) c.providers().get("q")).limits())
        .isEqualTo(ResponseLimits.DEFAULTS);
  }

  @Test
  void aBadLimitIsReportedByPath() {
    assertThatThrownBy(
            () ->
                parse(
                    "  p: { type: ollama, limits: { max-stream-line: lots, max-streamed-text: 0,"
                        + " max-body: 1MB } }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "providers.p.limits.max-stream-line: must be a positive size such as"
                            + " 1048576, 512KB, 16MB or 1GB",
                        "providers.p.limits.max-streamed-text: must be a positive size such as"
                            + " 1048576, 512KB, 16MB or 1GB",
                        "providers.p.limits.max-body: unknown key"));
  }

  @Test
  void maxConnectionsIsReadForBothTypesAndDefaultsTo256() {
    SwitchboardConfig c =
        parse(
            "  p: { type: ollama, max-connections: 64 }\n"
                + "  q: { type: openai-compatible, base-url: http://127.0.0.1:8000,"
                + " max-connections: 8 }\n"
                + "  r: { type: ollama }\n");
    assertThat(((OllamaConfig) c.providers().get("p")).maxConnections()).isEqualTo(64);
    assertThat(((OpenAiCompatibleConfig) c.providers().get("q")).maxConnections()).isEqualTo(8);
    assertThat(((OllamaConfig) c.providers().get("r")).maxConnections()).isEqualTo(256);
  }

  @Test
  void aBadMaxConnectionsIsReportedByPath() {
    assertThatThrownBy(
            () ->
                parse(
                    "  p: { type: ollama, max-connections: 0 }\n"
                        + "  q: { type: openai-compatible, base-url: http://127.0.0.1:8000,"
                        + " max-connections: many }\n"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(String.join("\n", ((ConfigException) e).problems()))
                    .contains("providers.p.max-connections: must be at least 1")
                    .contains("providers.q.max-connections"));
  }
}
