package dev.switchboard.local.internal.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.wire.internal.json.WireJson;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * llama.cpp timings: what is billed (serverTime) and what is shown (metadata) are the same figure.
 */
class TimingsTest {

  @Test
  void serverTimeIsPromptPlusGenerationToTheMicrosecond() throws Exception {
    var t =
        WireJson.parse(
            "{\"prompt_ms\":38.1234567,\"predicted_ms\":101.4885,\"predicted_per_second\":68.96}");
    assertThat(Timings.serverTime(t)).isEqualTo(Duration.ofNanos(139_612_000));
    assertThat(Timings.of(t))
        .containsEntry("server-time-ms", "139.612")
        .containsEntry("tokens-per-second", "69.0");
  }

  @Test
  void noServerTimeUnlessBothPartsAreNonNegativeNumbers() throws Exception {
    assertThat(Timings.serverTime(null)).isNull();
    assertThat(Timings.serverTime(WireJson.parse("{\"predicted_ms\":5}"))).isNull();
    assertThat(Timings.serverTime(WireJson.parse("{\"prompt_ms\":\"soon\",\"predicted_ms\":5}")))
        .isNull();
    assertThat(Timings.serverTime(WireJson.parse("{\"prompt_ms\":-5,\"predicted_ms\":5}")))
        .isNull();
    assertThat(Timings.of(WireJson.parse("{\"prompt_ms\":\"soon\",\"predicted_ms\":5}")))
        .doesNotContainKey("server-time-ms");
  }
}
