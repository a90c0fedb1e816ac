package dev.switchboard.embedding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EmbeddingResponseTest {

  @Test
  void serverTimeIsOptionalAndSurvivesToBuilder() {
    assertThat(EmbeddingResponse.builder().build().serverTime()).isEmpty();
    EmbeddingResponse r = EmbeddingResponse.builder().serverTime(Duration.ofMillis(14)).build();
    assertThat(r.serverTime()).contains(Duration.ofMillis(14));
    assertThat(r.toBuilder().model("m").build().serverTime()).contains(Duration.ofMillis(14));
  }

  @Test
  void aNegativeServerTimeIsRefused() {
    assertThatThrownBy(() -> EmbeddingResponse.builder().serverTime(Duration.ofMillis(-1)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("EmbeddingResponse.serverTime: must not be negative");
  }
}
