package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ChatRequestTest {
  private static final String CANARY = "Jane Roe, MRN 4417, HIV positive";
  private static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}";

  private static ChatRequest.Builder valid() {
    return ChatRequest.builder().model("triage").user("Summarize: " + CANARY);
  }

  @Nested
  class Validation {
    @Test
    void refusesARequestWithoutMessagesNamingTheField() {
      assertThatThrownBy(() -> ChatRequest.builder().model("triage").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("ChatRequest.messages: must contain at least one message");
    }

    @Test
    void refusesNegativeAndZeroMaxOutputTokens() {
      assertThatThrownBy(() -> valid().maxOutputTokens(-1).build())
          .hasMessageStartingWith("ChatRequest.maxOutputTokens:");
      assertThatThrownBy(() -> valid().maxOutputTokens(0).build())
          .hasMessageStartingWith("ChatRequest.maxOutputTokens:");
    }

    @Test
    void refusesSamplingValuesOutOfRange() {
      assertThatThrownBy(() -> valid().temperature(2.5).build())
          .hasMessageStartingWith("ChatRequest.temperature:");
      assertThatThrownBy(() -> valid().topP(0).build()).hasMessageStartingWith("ChatRequest.topP:");
    }

    @Test
    void refusesToolNamesOutsideTheAllowedAlphabet() {
      assertThatThrownBy(() -> Tool.of("get weather", "", SCHEMA))
          .hasMessage("Tool.name: must match [a-zA-Z0-9_-]{1,64}");
      assertThatThrownBy(() -> Tool.of("x".repeat(65), "", SCHEMA))
          .hasMessageStartingWith("Tool.name:");
      assertThat(Tool.of("get_weather-2", "", SCHEMA).name()).isEqualTo("get_weather-2");
    }

    @Test
    void refusesAToolSchemaThatIsNotAJsonObject() {
      assertThatThrownBy(() -> Tool.of("t", "", "[1,2]"))
          .hasMessage("Tool.parametersSchema: must be a JSON object");
      assertThatThrownBy(() -> Tool.of("t", "", "{not json"))
          .hasMessage("Tool.parametersSchema: must be a JSON object");
    }

    @Test
    void refusesDuplicateToolsAndAChoiceNamingNoTool() {
      Tool t = Tool.of("lookup", "", SCHEMA);
      assertThatThrownBy(() -> valid().addTool(t).addTool(t).build())
          .hasMessage("ChatRequest.tools[1].name: duplicates an earlier tool");
      assertThatThrownBy(() -> valid().addTool(t).toolChoice(ToolChoice.tool("other")).build())
          .hasMessage("ChatRequest.toolChoice.toolName: names no tool in ChatRequest.tools");
      assertThatThrownBy(() -> valid().toolChoice(ToolChoice.required()).build())
          .hasMessage("ChatRequest.toolChoice: REQUIRED needs at least one tool");
    }

    @Test
    void refusesAToolMessageWithoutItsToolCallId() {
      assertThatThrownBy(() -> ChatMessage.tool(null, "{}"))
          .hasMessage("ToolMessage.toolCallId: must not be blank");
      assertThatThrownBy(() -> ChatMessage.tool(" ", "{}"))
          .hasMessage("ToolMessage.toolCallId: must not be blank");
    }

    @Test
    void refusesAToolResultThatAnswersNoEarlierCall() {
      assertThatThrownBy(() -> valid().toolResult("call_9", "{}").build())
          .hasMessage(
              "ChatRequest.messages[1].toolCallId: answers no tool call of an earlier assistant message");
      ChatRequest ok =
          valid()
              .message(ChatMessage.assistant(null, List.of(new ToolCall("call_9", "lookup", "{}"))))
              .toolResult("call_9", "{\"allergies\":[]}")
              .build();
      assertThat(ok.messages()).hasSize(3);
    }

    @Test
    void refusesExtrasThatWouldReplaceFieldsTheSdkSets() {
      assertThatThrownBy(() -> valid().extra("messages", List.of()).build())
          .hasMessageStartingWith("ChatRequest.extras.messages:");
      assertThatThrownBy(() -> valid().extra("top_k", new Object()).build())
          .hasMessageStartingWith("ChatRequest.extras.top_k:");
      assertThat(
              valid().extra("top_k", 40).extra("options", Map.of("num_ctx", 8192)).build().extras())
          .containsKeys("top_k", "options");
    }

    @Test
    void refusesBadTagKeys() {
      assertThatThrownBy(() -> valid().tag("cost centre", "x").build())
          .hasMessage("ChatRequest.tags: key must match [A-Za-z0-9_.:-]{1,64}");
    }

    @Test
    void refusesAnImageWithBothUrlAndData() {
      assertThatThrownBy(
              () -> new ImagePart("https://x/y.png", "image/png", "AAAA", ImagePart.Detail.AUTO))
          .hasMessage("ImagePart: exactly one of url and base64Data must be set");
      assertThatThrownBy(() -> ImagePart.ofBase64("text/plain", "AAAA"))
          .hasMessageStartingWith("ImagePart.mediaType:");
    }
  }

  @Test
  void toStringShowsSizesNeverPromptText() {
    ChatRequest r =
        valid()
            .system("You are a " + CANARY)
            .tag("department", "cardiology")
            .addTool(Tool.of("lookup", CANARY, SCHEMA))
            .build();
    assertThat(r.toString())
        .doesNotContain("Jane")
        .doesNotContain("4417")
        .doesNotContain("HIV")
        .doesNotContain("cardiology")
        .contains("messages=2")
        .contains("department");
    for (ChatMessage m : r.messages()) assertThat(m.toString()).doesNotContain("Jane");
    assertThat(r.tools().get(0).toString()).doesNotContain("Jane");
    assertThat(new ToolCall("c1", "lookup", "{\"name\":\"Jane Roe\"}").toString())
        .doesNotContain("Jane");
  }

  @Test
  void toBuilderKeepsEveryValue() {
    ChatRequest r =
        valid()
            .temperature(0.2)
            .topP(0.9)
            .maxOutputTokens(300)
            .stop("###")
            .seed(7)
            .responseFormat(ResponseFormat.jsonSchema("summary", SCHEMA, true))
            .endUser("u-1")
            .tag("app", "discharge")
            .extra("top_k", 5)
            .build();
    ChatRequest copy = r.toBuilder().build();
    assertThat(copy.temperature()).isEqualTo(r.temperature());
    assertThat(copy.maxOutputTokens()).hasValue(300);
    assertThat(copy.stop()).containsExactly("###");
    assertThat(copy.seed()).hasValue(7);
    assertThat(copy.responseFormat()).isEqualTo(r.responseFormat());
    assertThat(copy.tags()).isEqualTo(r.tags());
    assertThat(copy.extras()).isEqualTo(r.extras());
    assertThat(copy.messages()).isEqualTo(r.messages());
  }

  @Test
  void valuesAreImmutable() {
    ChatRequest r = valid().build();
    assertThatThrownBy(() -> r.messages().add(ChatMessage.user("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> r.tags().put("a", "b"))
        .isInstanceOf(UnsupportedOperationException.class);
  }
}
