package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.error.ConfigException;
import dev.switchboard.observability.SwitchboardTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code switchboard.telemetry.capture-content}: off by default, refused at start-up for PHI. */
class ContentCaptureStartupTest {
  private final ApplicationContextRunner runner =
      StarterContexts.runner()
          .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
          .withPropertyValues(
              "switchboard.providers.ward.type=mock",
              "switchboard.models.notes.targets[0].provider=ward",
              "switchboard.models.notes.targets[0].model=m");

  @TempDir Path dir;

  @Test
  void captureIsOffByDefault() {
    runner.run(
        ctx ->
            assertThat(ctx.getBean(SwitchboardProperties.class).getTelemetry().isCaptureContent())
                .isFalse());
  }

  @Test
  void captureOnWithoutAnythingMarkingPhiStarts() {
    runner
        .withPropertyValues("switchboard.telemetry.capture-content=true")
        .run(ctx -> assertThat(ctx).hasNotFailed().hasSingleBean(ModelClient.class));
  }

  @Test
  void captureOnUnderAPolicyThatClassifiesPhiFailsStartUpNamingThePolicy() {
    runner
        .withPropertyValues(StarterContexts.exampleHospitalCompliance(dir))
        .withPropertyValues("switchboard.telemetry.capture-content=true")
        .run(
            ctx -> {
              ConfigException e = StarterContexts.startupConfigException(ctx);
              assertThat(e.code()).contains(SwitchboardTelemetry.CONTENT_CAPTURE_REFUSED);
              assertThat(e.problems())
                  .singleElement()
                  .asString()
                  .startsWith("compliance.policy: classifies requests as PHI");
            });
  }

  @Test
  void theSamePolicyWithoutCaptureStarts() {
    runner
        .withPropertyValues(StarterContexts.exampleHospitalCompliance(dir))
        .run(ctx -> assertThat(ctx).hasNotFailed());
  }
}
