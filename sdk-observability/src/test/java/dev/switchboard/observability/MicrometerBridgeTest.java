package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.observability.internal.Names;
import dev.switchboard.usage.Usage;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The same metrics through Micrometer, for Actuator users without the OpenTelemetry SDK. */
class MicrometerBridgeTest {

  @Test
  void aCallIsMeasuredInAMicrometerRegistryWithoutOpenTelemetry() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SwitchboardTelemetry telemetry = SwitchboardTelemetry.builder().micrometer(registry).build();
    MockProvider mock =
        MockProvider.builder()
            .id("m")
            .reply(MockReply.text("Stable.").withUsage(Usage.of(50, 5)))
            .build();
    try (ModelClient client =
        telemetry
            .installOn(ModelClient.builder().provider(mock).route("notes", Route.of("m", "x")))
            .build()) {
      client.chat(ChatRequest.builder().user("Summarize.").build());
    }
    Timer duration =
        registry
            .get(Names.OPERATION_DURATION)
            .tag("gen_ai.operation.name", "chat")
            .tag("gen_ai.request.model", "notes")
            .timer();
    assertThat(duration.count()).isEqualTo(1);
    DistributionSummary input =
        registry.get(Names.TOKEN_USAGE).tag("gen_ai.token.type", "input").summary();
    assertThat(input.totalAmount()).isEqualTo(50.0);
    DistributionSummary output =
        registry.get(Names.TOKEN_USAGE).tag("gen_ai.token.type", "output").summary();
    assertThat(output.totalAmount()).isEqualTo(5.0);
  }
}
