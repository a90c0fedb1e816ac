package dev.switchboard.wire.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.SafetyResult;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import org.junit.jupiter.api.Test;

class ChatDecoderTest {
  private static final ErrorContext WHERE = ErrorContext.of("p", "m");

  @Test
  void decodesTextUsageWithCachedAndReasoningTokensAndSafety() throws Exception {
    String body =
        "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-2024-08-06\","
            + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
            + "\"jailbreak\":{\"filtered\":false,\"detected\":false}}}],"
            + "\"choices\":[{\"index\":0,\"finish_reason\":\"content_filter\",\"message\":{\"role\":\"assistant\",\"content\":\"Par\"},"
            + "\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"high\"},"
            + "\"protected_material_code\":{\"filtered\":false,\"detected\":true,\"citation\":{\"URL\":\"u\",\"license\":\"MIT\"}}}}],"
            + "\"usage\":{\"prompt_tokens\":30,\"completion_tokens\":12,\"total_tokens\":42,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":10},\"completion_tokens_details\":{\"reasoning_tokens\":4}}}";
    ChatResponse r = ChatDecoder.decode(WireJson.parse(body), WHERE).build();
    assertThat(r.text()).isEqualTo("Par");
    assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(r.rawFinishReason()).contains("content_filter");
    assertThat(r.usage()).isEqualTo(new Usage(30, 10, 12, 4));
    assertThat(r.responseId()).contains("chatcmpl-1");
    SafetyResult s = r.safety().orElseThrow();
    assertThat(s.filtered()).isTrue();
    assertThat(s.filteredCategories()).containsExactly("violence");
    assertThat(s.jailbreakDetected()).isFalse();
    assertThat(s.categories())
        .extracting(SafetyResult.Category::name)
        .containsExactly("hate", "jailbreak", "violence", "protected_material_code");
    assertThat(s.categories().get(2).severity()).isEqualTo(SafetyResult.Severity.HIGH);
    assertThat(s.categories().get(3).detected()).isTrue();
  }

  @Test
  void decodesToolCallsWithStringOrObjectArguments() throws Exception {
    String body =
        "{\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\",\"content\":null,"
            + "\"tool_calls\":[{\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"x\\\":1}\"}},"
            + "{\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":{\"y\":2}}}]}}]}";
    ChatResponse r = ChatDecoder.decode(WireJson.parse(body), WHERE).build();
    assertThat(r.text()).isEmpty();
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).hasSize(2);
    assertThat(r.toolCalls().get(0).arguments()).isEqualTo("{\"x\":1}");
    assertThat(r.toolCalls().get(1).arguments()).isEqualTo("{\"y\":2}");
    assertThat(r.usage()).isEqualTo(Usage.EMPTY);
    assertThat(r.safety()).isEmpty();
  }

  @Test
  void unknownFinishReasonIsOtherWithRawKept() throws Exception {
    ChatResponse r =
        ChatDecoder.decode(
                WireJson.parse(
                    "{\"choices\":[{\"index\":0,\"finish_reason\":\"abort\",\"message\":{\"content\":\"x\"}}]}"),
                WHERE)
            .build();
    assertThat(r.finishReason()).isEqualTo(FinishReason.OTHER);
    assertThat(r.rawFinishReason()).contains("abort");
  }

  @Test
  void responseWithoutChoicesIsADecodingError() {
    assertThatThrownBy(() -> ChatDecoder.decode(WireJson.parse("{\"choices\":[]}"), WHERE))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void tgiFinishValuesAreNaturalStops() throws Exception {
    for (String raw : new String[] {"eos_token", "stop_sequence"}) {
      ChatResponse r =
          ChatDecoder.decode(
                  WireJson.parse(
                      "{\"id\":\"\",\"choices\":[{\"index\":0,\"finish_reason\":\""
                          + raw
                          + "\",\"message\":{\"content\":\"x\"}}]}"),
                  WHERE)
              .build();
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.rawFinishReason()).contains(raw);
    }
  }
}
