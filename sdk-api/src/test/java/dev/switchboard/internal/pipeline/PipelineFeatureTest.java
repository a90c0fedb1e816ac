package dev.switchboard.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Position;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.testing.ScriptedProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Features (cost, compliance, a third party's) plug their stages in through the SPI: the pipeline
 * puts them in their fixed positions, enforces which positions they may fill, and closes what they
 * opened. The cost and compliance modules are not on this module's class path, so configs that use
 * their sections must say which artifact to add.
 */
class PipelineFeatureTest {
  private final List<String> passed = Collections.synchronizedList(new ArrayList<>());
  private final ScriptedProvider provider = new ScriptedProvider("p");

  private CallInterceptor marker(String name) {
    return new CallInterceptor() {
      @Override
      public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
        passed.add(name);
        return chain.proceed(chain.call());
      }
    };
  }

  /** A feature that fills the given positions with interceptors that record their name. */
  private final class MarkerFeature implements PipelineFeature {
    final String name;
    final List<Stage> stages;
    final AtomicInteger installs = new AtomicInteger();
    final AtomicInteger closes = new AtomicInteger();

    MarkerFeature(String name, Stage... stages) {
      this.name = name;
      this.stages = List.of(stages);
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public InstalledFeature install(FeatureContext context) {
      installs.incrementAndGet();
      Map<Stage, CallInterceptor> map = new EnumMap<>(Stage.class);
      for (Stage s : stages) map.put(s, marker(s.name()));
      return InstalledFeature.of(map, closes::incrementAndGet);
    }
  }

  private ModelClientBuilder builder() {
    return ModelClient.builder().provider(provider).route("m", Route.of("p", "model-1"));
  }

  @Nested
  class Assembly {
    @Test
    void featureStagesRunInTheirFixedPositionsAroundUserInterceptors() {
      MarkerFeature compliance = new MarkerFeature("compliance", Stage.COMPLIANCE, Stage.AUDIT);
      MarkerFeature cost = new MarkerFeature("cost", Stage.METERING, Stage.BUDGET);
      try (ModelClient client =
          builder()
              .with(cost)
              .with(compliance)
              .addInterceptor(Position.PER_ATTEMPT, marker("user-per-attempt"))
              .addInterceptor(Position.PER_CALL, marker("user-per-call"))
              .build()) {
        client.chat("hello");
      }
      assertThat(passed)
          .containsExactly(
              "COMPLIANCE", "AUDIT", "BUDGET", "user-per-call", "user-per-attempt", "METERING");
    }

    @Test
    void aFeatureMayNotFillTheRoutingOrProviderPositionAndTheBuildClosesWhatItOpened() {
      MarkerFeature cost = new MarkerFeature("cost", Stage.BUDGET);
      MarkerFeature rogue = new MarkerFeature("rogue", Stage.ROUTING);
      assertThatThrownBy(() -> builder().with(cost).with(rogue).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("feature 'rogue' may not fill the ROUTING position");
      assertThat(cost.closes).hasValue(1);
      assertThat(rogue.closes).hasValue(1);
      assertThat(provider.isClosed()).isTrue();
    }

    @Test
    void twoFeaturesMayNotFillTheSamePosition() {
      assertThatThrownBy(
              () ->
                  builder()
                      .with(new MarkerFeature("cost", Stage.BUDGET))
                      .with(new MarkerFeature("quota", Stage.BUDGET))
                      .build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("features 'cost' and 'quota' both fill the BUDGET position");
    }
  }

  @Nested
  class Lifecycle {
    @Test
    void aLaterFeatureOfTheSameNameReplacesTheEarlierOne() {
      MarkerFeature first = new MarkerFeature("cost", Stage.BUDGET);
      MarkerFeature second = new MarkerFeature("cost", Stage.METERING);
      try (ModelClient client = builder().with(first).with(second).build()) {
        client.chat("hello");
      }
      assertThat(first.installs).hasValue(0);
      assertThat(passed).containsExactly("METERING");
    }

    @Test
    void withoutRemovesAFeatureByName() {
      MarkerFeature cost = new MarkerFeature("cost", Stage.BUDGET);
      try (ModelClient client = builder().with(cost).without("cost").build()) {
        client.chat("hello");
      }
      assertThat(cost.installs).hasValue(0);
      assertThat(passed).isEmpty();
    }

    @Test
    void closingTheClientClosesWhatEachFeatureOpenedOnce() {
      MarkerFeature cost = new MarkerFeature("cost", Stage.BUDGET);
      ModelClient client = builder().with(cost).build();
      client.close();
      client.close();
      assertThat(cost.installs).hasValue(1);
      assertThat(cost.closes).hasValue(1);
    }
  }

  @Nested
  class MissingModules {
    private ConfigException load(String extra) {
      String yaml =
          """
          providers:
            p: { type: recording, endpoint: "https://p.example"%s }
          models:
            m: { provider: p, model: model-1 }
          """
                  .formatted(extra.startsWith(",") ? extra : "")
              + (extra.startsWith(",") ? "" : extra);
      try {
        SwitchboardConfig.parse(yaml, "test.yaml", k -> null);
      } catch (ConfigException e) {
        return e;
      }
      throw new AssertionError("the config loaded");
    }

    @Test
    void costSectionsNameTheCostArtifact() {
      assertThat(
              load("pricing: { unknown: flag }\nbudgets: []\nledger: { type: none }\n").problems())
          .containsExactlyInAnyOrder(
              "budgets: needs the dev.switchboard:switchboard-cost module on the class path",
              "ledger: needs the dev.switchboard:switchboard-cost module on the class path",
              "pricing: needs the dev.switchboard:switchboard-cost module on the class path");
    }

    @Test
    void complianceSectionsAndProfilesNameTheComplianceArtifact() {
      assertThat(load(", profile: { kind: on-prem }").problems())
          .containsExactly(
              "providers.p.profile: needs the dev.switchboard:switchboard-compliance module on the class path");
      assertThat(load("audit: { type: file, path: a.jsonl }\n").problems())
          .containsExactly(
              "audit: needs the dev.switchboard:switchboard-compliance module on the class path");
    }

    @Test
    void aConfigWithoutFeatureSectionsLoadsWithNoFeatures() {
      SwitchboardConfig config =
          SwitchboardConfig.parse(
              """
          providers:
            p: { type: recording, endpoint: "https://p.example" }
          models:
            m: { provider: p, model: model-1 }
          """,
              "test.yaml",
              k -> null);
      assertThat(config.features()).isEmpty();
    }
  }
}
