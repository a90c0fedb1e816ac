package dev.switchboard.spring;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.observability.SwitchboardTelemetry;
import dev.switchboard.spring.internal.MicrometerBinding;
import dev.switchboard.spring.internal.MockSwitch;
import dev.switchboard.spring.internal.PropertiesTree;
import dev.switchboard.spring.internal.ProviderHealth;
import dev.switchboard.spring.internal.SwitchboardConfiguredCondition;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.core.io.Resource;

/**
 * Auto-configures a {@link ModelClient} from {@code switchboard.*} properties or from {@code
 * switchboard.config-file}, closed when the context closes; backs off when the application defines
 * its own {@link ModelClient} (or {@link SwitchboardConfig}). With OpenTelemetry or Micrometer
 * present the client records the {@code switchboard-observability} spans and metrics; with Actuator
 * it gets a health indicator per provider and the {@code switchboard} endpoint. {@code
 * switchboard.mock=true} replaces every provider by the mock provider.
 *
 * @since 0.3
 */
@AutoConfiguration(
    afterName = {
      "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
      "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
    })
@EnableConfigurationProperties(SwitchboardProperties.class)
@Conditional(SwitchboardConfiguredCondition.class)
public class SwitchboardAutoConfiguration {
  private static final String SOURCE = "application properties (switchboard.*)";

  /** Created by Spring. */
  public SwitchboardAutoConfiguration() {}

  /**
   * Circuits and budgets for the health indicator and the endpoint.
   *
   * @return an empty status
   */
  @Bean
  @ConditionalOnMissingBean
  public SwitchboardStatus switchboardStatus() {
    return new SwitchboardStatus();
  }

  /**
   * The configuration, from {@code switchboard.config-file} or from the {@code switchboard.*}
   * properties, checked by the core's loader (the same messages, by path, as for a
   * switchboard.yaml).
   *
   * @param env the environment, whose placeholders Spring resolves
   * @param properties the starter's settings
   * @return the configuration
   * @throws ConfigException listing every problem
   */
  @Bean
  @ConditionalOnMissingBean
  public SwitchboardConfig switchboardConfig(
      ConfigurableEnvironment env, SwitchboardProperties properties) {
    String file = properties.getConfigFile();
    if (file != null && !file.isBlank()) return fromFile(file, env);
    Optional<SwitchboardConfig> config = PropertiesTree.config(env, SOURCE);
    if (config.isEmpty()) {
      if (properties.isMock()) return SwitchboardConfig.parse(MockSwitch.MOCK_ONLY, SOURCE);
      throw new IllegalStateException("no switchboard.* config properties and no config file");
    }
    return config.get();
  }

  private static SwitchboardConfig fromFile(String file, ConfigurableEnvironment env) {
    if (!file.startsWith("classpath:")) return SwitchboardConfig.load(Path.of(file));
    Resource resource = new DefaultResourceLoader().getResource(file);
    try (InputStream in = resource.getInputStream()) {
      return SwitchboardConfig.parse(
          new String(in.readAllBytes(), StandardCharsets.UTF_8), file, env::getProperty);
    } catch (IOException e) {
      throw new IllegalStateException("switchboard.config-file: cannot read " + file, e);
    }
  }

  /**
   * The client, closed with the context (Spring calls {@link ModelClient#close()}).
   *
   * @param config the configuration
   * @param properties the starter's settings
   * @param status receives circuit and budget events
   * @param openTelemetry the application's OpenTelemetry, if it has one
   * @param micrometer the application's Micrometer registry, if Micrometer is present
   * @return the client
   */
  @Bean(destroyMethod = "close")
  @ConditionalOnMissingBean
  public ModelClient switchboardModelClient(
      SwitchboardConfig config,
      SwitchboardProperties properties,
      SwitchboardStatus status,
      ObjectProvider<OpenTelemetry> openTelemetry,
      ObjectProvider<MicrometerBinding> micrometer) {
    ModelClientBuilder builder = ModelClient.builder(config).addListener(status);
    if (properties.isMock()) {
      if (!MockSwitch.available()) {
        throw new IllegalStateException(
            "switchboard.mock=true needs dev.switchboard:switchboard-mock on the class path");
      }
      MockSwitch.apply(builder, config);
    }
    SwitchboardProperties.Telemetry t = properties.getTelemetry();
    if (t.isEnabled()) {
      SwitchboardTelemetry.Builder telemetry =
          SwitchboardTelemetry.builder()
              .config(config)
              .costTagKeys(t.getCostTagKeys().toArray(String[]::new))
              .propagateTraceContextTo(t.getPropagateTraceContextTo().toArray(String[]::new));
      boolean any = false;
      OpenTelemetry otel = openTelemetry.getIfAvailable();
      if (otel != null) {
        telemetry.openTelemetry(otel);
        any = true;
      }
      for (MicrometerBinding m : micrometer) any |= m.apply(telemetry);
      if (t.isCaptureContent()) {
        // Checked even with nothing to record to, so that a PHI config with capture-content on
        // fails at start-up rather than when an exporter is added later.
        if (!any) telemetry.openTelemetry(OpenTelemetry.noop());
        telemetry.captureContent(true);
        any = true;
      }
      if (any) telemetry.build().installOn(builder);
    }
    return builder.build();
  }

  /** Micrometer's registry for the telemetry, when Micrometer is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class MicrometerConfiguration {
    @Bean
    MicrometerBinding switchboardMicrometerBinding(ObjectProvider<MeterRegistry> registry) {
      return new MicrometerBinding(registry);
    }
  }

  /** The health indicator and the endpoint, when Actuator is on the class path. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthContributor.class)
  static class ActuatorConfiguration {
    @Bean
    @ConditionalOnEnabledHealthIndicator("switchboard")
    HealthContributor switchboardHealthContributor(ModelClient client, SwitchboardStatus status) {
      return ProviderHealth.of(client, status);
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    SwitchboardEndpoint switchboardEndpoint(ModelClient client, SwitchboardStatus status) {
      return new SwitchboardEndpoint(client, status);
    }
  }
}
