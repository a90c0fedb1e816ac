package dev.switchboard.structured;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.config.SwitchboardConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tool loop over real HTTP on loopback: the model's tool calls and the tools' results travel in
 * each family's own wire format (OpenAI's tool_calls and tool messages, Anthropic's tool_use and
 * tool_result blocks).
 */
class ToolLoopOverHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One tool. */
  static final class Stock {
    @Tool("Units of a drug in stock on the ward")
    int stock(@ToolParam("Generic drug name") String drug) {
      return drug.equals("amoxicillin") ? 42 : 0;
    }
  }

  private WireMockServer server;
  private ModelClient client;

  @BeforeEach
  void start() throws Exception {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    String yaml =
        """
        providers:
          foundry-v1: { type: foundry, endpoint: "%1$s", auth: { type: api-key, key: k } }
          claude: { type: foundry, endpoint: "%1$s", api: anthropic, auth: { type: api-key, key: k } }
        models:
          foundry: { provider: foundry-v1, model: gpt-4.1-mini }
          claude: { provider: claude, model: claude-sonnet-4-5 }
        resilience:
          retry: { max-attempts: 1 }
        """
            .formatted("http://127.0.0.1:" + server.port());
    client = ModelClient.builder(SwitchboardConfig.parse(yaml, "tools.yaml")).build();
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  /** The first answer asks for the tool, the second answers. */
  private void twoAnswers(String path, String toolCall, String text) {
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("loop")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("answered")
            .willReturn(json(toolCall)));
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("loop")
            .whenScenarioStateIs("answered")
            .willReturn(json(text)));
  }

  private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String b) {
    return aResponse().withHeader("Content-Type", "application/json").withBody(b);
  }

  private List<JsonNode> sent(String path) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (var r : server.findAll(postRequestedFor(urlPathEqualTo(path))))
      out.add(JSON.readTree(r.getBodyAsString()));
    return out;
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder().model(model).user("Is amoxicillin in stock?").build();
  }

  @Test
  void foundryOpenAiToolCallsAndResultsRoundTrip() throws Exception {
    ObjectNode call = JSON.createObjectNode().put("id", "chatcmpl-1").put("model", "gpt-4.1-mini");
    ObjectNode choice = call.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "tool_calls");
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    message.putNull("content");
    ObjectNode tc = message.putArray("tool_calls").addObject();
    tc.put("id", "call_1").put("type", "function");
    tc.putObject("function").put("name", "stock").put("arguments", "{\"drug\":\"amoxicillin\"}");
    call.putObject("usage").put("prompt_tokens", 50).put("completion_tokens", 10);

    ObjectNode text = JSON.createObjectNode().put("id", "chatcmpl-2").put("model", "gpt-4.1-mini");
    ObjectNode c2 = text.putArray("choices").addObject();
    c2.put("index", 0).put("finish_reason", "stop");
    c2.putObject("message").put("role", "assistant").put("content", "Yes, 42 units.");
    text.putObject("usage").put("prompt_tokens", 70).put("completion_tokens", 5);
    twoAnswers("/openai/v1/chat/completions", call.toString(), text.toString());

    ChatResponse answer = ToolLoop.builder(client).tools(new Stock()).build().run(ask("foundry"));
    assertThat(answer.text()).isEqualTo("Yes, 42 units.");
    assertThat(answer.usage().inputTokens()).isEqualTo(120);

    List<JsonNode> bodies = sent("/openai/v1/chat/completions");
    assertThat(bodies).hasSize(2);
    assertThat(bodies.get(0).path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("stock");
    JsonNode messages = bodies.get(1).path("messages");
    assertThat(messages.get(1).path("tool_calls").get(0).path("id").asText()).isEqualTo("call_1");
    assertThat(messages.get(2).path("role").asText()).isEqualTo("tool");
    assertThat(messages.get(2).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(messages.get(2).path("content").asText()).isEqualTo("42");
  }

  @Test
  void claudeToolUseAndToolResultRoundTrip() throws Exception {
    ObjectNode call = JSON.createObjectNode().put("id", "msg_1").put("type", "message");
    call.put("role", "assistant").put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use");
    ObjectNode use = call.putArray("content").addObject();
    use.put("type", "tool_use").put("id", "toolu_1").put("name", "stock");
    use.putObject("input").put("drug", "amoxicillin");
    call.putObject("usage").put("input_tokens", 50).put("output_tokens", 10);

    ObjectNode text = JSON.createObjectNode().put("id", "msg_2").put("type", "message");
    text.put("role", "assistant").put("model", "claude-sonnet-4-5").put("stop_reason", "end_turn");
    text.putArray("content").addObject().put("type", "text").put("text", "Yes, 42 units.");
    text.putObject("usage").put("input_tokens", 70).put("output_tokens", 5);
    twoAnswers("/anthropic/v1/messages", call.toString(), text.toString());

    ChatResponse answer = ToolLoop.builder(client).tools(new Stock()).build().run(ask("claude"));
    assertThat(answer.text()).isEqualTo("Yes, 42 units.");

    JsonNode messages = sent("/anthropic/v1/messages").get(1).path("messages");
    assertThat(messages.get(1).path("content").get(0).path("type").asText()).isEqualTo("tool_use");
    JsonNode result = messages.get(2).path("content").get(0);
    assertThat(result.path("type").asText()).isEqualTo("tool_result");
    assertThat(result.path("tool_use_id").asText()).isEqualTo("toolu_1");
    assertThat(result.toString()).contains("42");
  }
}
