package dev.switchboard.wire.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatEncoderTest {

  private static JsonNode encode(ChatRequest r, boolean stream, OpenAiDialect d) throws Exception {
    return WireJson.parse(
        new String(
            ChatEncoder.encode(r, "dep-1", stream, d), java.nio.charset.StandardCharsets.UTF_8));
  }

  private static ChatRequest full() {
    return ChatRequest.builder()
        .system("sys")
        .developer("dev")
        .user(
            ContentPart.text("look"),
            ImagePart.ofBase64("image/png", "iVBORw0KGgo=").withDetail(ImagePart.Detail.HIGH))
        .message(
            ChatMessage.assistant(null, List.of(new ToolCall("call_1", "lookup", "{\"q\":\"a\"}"))))
        .toolResult("call_1", "{\"r\":1}")
        .temperature(0.5)
        .topP(0.9)
        .maxOutputTokens(200)
        .stop("END", "STOP")
        .seed(42)
        .addTool(
            new Tool(
                "lookup",
                "Look up",
                "{\"type\":\"object\",\"properties\":{\"q\":{\"type\":\"string\"}}}",
                true))
        .toolChoice(ToolChoice.tool("lookup"))
        .responseFormat(ResponseFormat.jsonSchema("answer", "{\"type\":\"object\"}", true))
        .endUser("user-hash-1")
        .build();
  }

  @Test
  void writesEveryNeutralField() throws Exception {
    JsonNode j = encode(full(), false, OpenAiDialect.OPENAI);
    assertThat(j.path("model").asText()).isEqualTo("dep-1");
    JsonNode m = j.path("messages");
    assertThat(m.get(0).path("role").asText()).isEqualTo("system");
    assertThat(m.get(1).path("role").asText()).isEqualTo("developer");
    JsonNode image = m.get(2).path("content").get(1);
    assertThat(image.path("type").asText()).isEqualTo("image_url");
    assertThat(image.path("image_url").path("url").asText())
        .isEqualTo("data:image/png;base64,iVBORw0KGgo=");
    assertThat(image.path("image_url").path("detail").asText()).isEqualTo("high");
    assertThat(m.get(3).has("content")).isFalse();
    assertThat(m.get(3).path("tool_calls").get(0).path("function").path("arguments").asText())
        .isEqualTo("{\"q\":\"a\"}");
    assertThat(m.get(4).path("tool_call_id").asText()).isEqualTo("call_1");
    assertThat(j.path("temperature").asDouble()).isEqualTo(0.5);
    assertThat(j.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(j.path("max_completion_tokens").asInt()).isEqualTo(200);
    assertThat(j.has("max_tokens")).isFalse();
    assertThat(j.path("stop").toString()).isEqualTo("[\"END\",\"STOP\"]");
    assertThat(j.path("seed").asLong()).isEqualTo(42);
    assertThat(
            j.path("tools").get(0).path("function").path("parameters").path("properties").has("q"))
        .isTrue();
    assertThat(j.path("tools").get(0).path("function").path("strict").asBoolean()).isTrue();
    assertThat(j.path("tool_choice").path("function").path("name").asText()).isEqualTo("lookup");
    assertThat(j.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(j.path("response_format").path("json_schema").path("name").asText())
        .isEqualTo("answer");
    assertThat(j.path("response_format").path("json_schema").path("strict").asBoolean()).isTrue();
    assertThat(j.path("user").asText()).isEqualTo("user-hash-1");
    assertThat(j.has("stream")).isFalse();
  }

  @Test
  void dialectChoosesMaxTokensRolesModelUserAndDetail() throws Exception {
    OpenAiDialect classic =
        OpenAiDialect.OPENAI
            .withMaxTokensField(OpenAiDialect.MaxTokensField.MAX_TOKENS)
            .withDeveloperRole(false)
            .withSendModel(false)
            .withSendUser(false)
            .withImageDetail(false)
            .withStreamUsage(false);
    JsonNode j = encode(full(), true, classic);
    assertThat(j.path("max_tokens").asInt()).isEqualTo(200);
    assertThat(j.has("max_completion_tokens")).isFalse();
    assertThat(j.path("messages").get(1).path("role").asText()).isEqualTo("system");
    assertThat(j.has("model")).isFalse();
    assertThat(j.has("user")).isFalse();
    assertThat(j.path("messages").get(2).path("content").get(1).path("image_url").has("detail"))
        .isFalse();
    assertThat(j.path("stream").asBoolean()).isTrue();
    assertThat(j.has("stream_options")).isFalse();
  }

  @Test
  void streamAsksForUsageWhenTheDialectAllows() throws Exception {
    JsonNode j = encode(ChatRequest.builder().user("hi").build(), true, OpenAiDialect.OPENAI);
    assertThat(j.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(j.path("messages").get(0).path("content").asText()).isEqualTo("hi");
  }

  @Test
  void extrasAreMergedLastWithoutReplacingSdkFields() throws Exception {
    ChatRequest r =
        ChatRequest.builder()
            .user("hi")
            .temperature(0.2)
            .extra("temperature", 1.9)
            .extra("top_k", 40)
            .extra("logit_bias", java.util.Map.of("50256", -100))
            .build();
    JsonNode j = encode(r, false, OpenAiDialect.OPENAI);
    assertThat(j.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(j.path("model").asText()).isEqualTo("dep-1");
    assertThat(j.path("top_k").asInt()).isEqualTo(40);
    assertThat(j.path("logit_bias").path("50256").asInt()).isEqualTo(-100);
  }

  @Test
  void simpleToolChoicesAndJsonObjectAndTgiGrammar() throws Exception {
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .addTool(Tool.of("t", "", Tool.NO_PARAMETERS))
            .toolChoice(ToolChoice.required())
            .responseFormat(ResponseFormat.jsonObject())
            .build();
    JsonNode j = encode(r, false, OpenAiDialect.OPENAI);
    assertThat(j.path("tool_choice").asText()).isEqualTo("required");
    assertThat(j.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(j.path("tools").get(0).path("function").has("description")).isFalse();
    JsonNode tgi =
        encode(
            r,
            false,
            OpenAiDialect.OPENAI.withResponseFormat(OpenAiDialect.ResponseFormatStyle.TGI_GRAMMAR));
    assertThat(tgi.path("response_format").path("type").asText()).isEqualTo("json");
    assertThat(tgi.path("response_format").path("value").isObject()).isTrue();
  }

  @Test
  void tgiNamesTheToolSchemaArgumentsAndAsksForAnObjectGrammar() throws Exception {
    OpenAiDialect tgi =
        OpenAiDialect.OPENAI
            .withToolParametersField("arguments")
            .withResponseFormat(OpenAiDialect.ResponseFormatStyle.TGI_GRAMMAR);
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .addTool(Tool.of("t", "", Tool.NO_PARAMETERS))
            .responseFormat(ResponseFormat.jsonObject())
            .build();
    JsonNode j = encode(r, false, tgi);
    assertThat(j.path("tools").get(0).path("function").path("arguments").path("type").asText())
        .isEqualTo("object");
    assertThat(j.path("tools").get(0).path("function").has("parameters")).isFalse();
    assertThat(j.path("response_format").path("value").path("type").asText()).isEqualTo("object");
  }

  @Test
  void vllmGetsStructuredOutputsInsteadOfTheIgnoredGuidedFields() throws Exception {
    OpenAiDialect vllm = OpenAiDialect.OPENAI.withStructuredOutputs(true);
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .extra("guided_choice", List.of("yes", "no"))
            .extra("guided_decoding_backend", "xgrammar")
            .extra("structured_outputs", java.util.Map.of("regex", "[0-9]+"))
            .extra("top_k", 20)
            .build();
    JsonNode j = encode(r, false, vllm);
    assertThat(j.has("guided_choice")).isFalse();
    assertThat(j.has("guided_decoding_backend")).isFalse();
    assertThat(j.path("structured_outputs").path("choice").toString())
        .isEqualTo("[\"yes\",\"no\"]");
    assertThat(j.path("structured_outputs").path("regex").asText()).isEqualTo("[0-9]+");
    assertThat(j.path("top_k").asInt()).isEqualTo(20);
    JsonNode plain = encode(r, false, OpenAiDialect.OPENAI);
    assertThat(plain.has("guided_choice")).isTrue();
  }
}
