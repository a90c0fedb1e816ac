package dev.switchboard.testkit.spec;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SpecValidatorTest {

  @Test
  void openApi30AcceptsAValidAzureRequestAndRejectsABadOne() {
    SpecValidator v = SpecValidator.openApi30(SpecValidator.AZURE_OPENAI_2024_10_21);
    assertThat(
            v.validate(
                "createChatCompletionRequest",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":0.5}"))
        .isEmpty();
    assertThat(
            v.validate(
                "createChatCompletionRequest",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"temperature\":\"hot\"}"))
        .isNotEmpty();
    assertThat(v.validate("createChatCompletionRequest", "{\"temperature\":1}")).isNotEmpty();
  }

  @Test
  void openApi31ResolvesRefsInTheOpenAiDocument() {
    SpecValidator v = SpecValidator.openApi31(SpecValidator.OPENAI);
    assertThat(
            v.validate(
                "CreateChatCompletionRequest",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"developer\",\"content\":\"x\"}],\"max_completion_tokens\":5}"))
        .isEmpty();
    assertThat(
            v.validate(
                "CreateChatCompletionRequest",
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"tool\",\"content\":\"x\"}]}"))
        .isNotEmpty(); // tool_call_id missing
  }

  @Test
  void swagger20ValidatesDefinitions() {
    SpecValidator v = SpecValidator.swagger20(SpecValidator.AI_MODEL_2025_04_01);
    assertThat(
            v.validate(
                "ChatCompletionsOptions",
                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"max_tokens\":5}"))
        .isEmpty();
    assertThat(v.validate("ChatCompletionsOptions", "{\"messages\":[],\"max_tokens\":5}"))
        .isNotEmpty();
    assertThat(v.validate("ChatRequestToolMessage", "{\"role\":\"tool\",\"content\":\"x\"}"))
        .isNotEmpty();
  }
}
