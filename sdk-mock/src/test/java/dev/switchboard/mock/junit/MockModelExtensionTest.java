package dev.switchboard.mock.junit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.mock.MockProvider;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

class MockModelExtensionTest {

  @Nested
  @ExtendWith(MockModelExtension.class)
  class Injected {
    @Test
    void injectsAClientWiredToAFreshMock(ModelClient client, MockProvider mock) {
      assertThat(mock.requests()).isEmpty();
      client.chat("Summarize the note");
      assertThat(mock.lastChatRequest().messages().get(0).text()).isEqualTo("Summarize the note");
      assertThat(client.defaultModel()).hasValue(MockModelExtension.DEFAULT_MODEL);
    }

    @Test
    void eachTestGetsItsOwnMock(MockProvider mock) {
      assertThat(mock.requests()).isEmpty();
    }
  }

  @Nested
  class Registered {
    @RegisterExtension
    MockModelExtension models =
        MockModelExtension.builder()
            .models("discharge-summary", "triage")
            .mock(m -> m.when("(?i)summar", "Stable; discharge home.").reply("Triage: green."))
            .build();

    @Test
    void servesTheApplicationsLogicalModelsFromTheScript() {
      assertThat(
              models
                  .client()
                  .chat(ChatRequest.builder().model("discharge-summary").user("Summarize").build())
                  .text())
          .isEqualTo("Stable; discharge home.");
      assertThat(
              models
                  .client()
                  .chat(ChatRequest.builder().model("triage").user("Assess").build())
                  .text())
          .isEqualTo("Triage: green.");
      assertThat(models.mock().requests()).hasSize(2);
    }
  }
}
