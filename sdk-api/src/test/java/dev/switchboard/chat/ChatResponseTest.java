package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ChatResponseTest {

  @Test
  void serverTimeIsOptionalAndSurvivesToBuilder() {
    assertThat(ChatResponse.builder().build().serverTime()).isEmpty();
    ChatResponse r = ChatResponse.builder().serverTime(Duration.ofMillis(174)).build();
    assertThat(r.serverTime()).contains(Duration.ofMillis(174));
    assertThat(r.toBuilder().text("x").build().serverTime()).contains(Duration.ofMillis(174));
    assertThat(r.toBuilder().serverTime(null).build().serverTime()).isEmpty();
  }

  @Test
  void aNegativeServerTimeIsRefused() {
    assertThatThrownBy(() -> ChatResponse.builder().serverTime(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ChatResponse.serverTime: must not be negative");
  }
}
