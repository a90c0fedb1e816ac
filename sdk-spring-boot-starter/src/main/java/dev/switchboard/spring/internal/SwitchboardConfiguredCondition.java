package dev.switchboard.spring.internal;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application configures Switchboard: a {@code switchboard.config-file}, {@code
 * switchboard.mock=true}, or any config-schema key under {@code switchboard.}. The starter on the
 * class path alone creates no client.
 */
public final class SwitchboardConfiguredCondition extends SpringBootCondition {
  @Override
  public ConditionOutcome getMatchOutcome(
      ConditionContext context, AnnotatedTypeMetadata metadata) {
    var env = context.getEnvironment();
    if (env.containsProperty("switchboard.config-file"))
      return ConditionOutcome.match("switchboard.config-file is set");
    if (env.getProperty("switchboard.mock", Boolean.class, false))
      return ConditionOutcome.match("switchboard.mock is true");
    if (env instanceof ConfigurableEnvironment c && !PropertiesTree.schemaKeys(c).isEmpty())
      return ConditionOutcome.match("switchboard.* config properties are set");
    return ConditionOutcome.noMatch(
        "no switchboard.config-file, switchboard.mock or switchboard.* config properties");
  }
}
