package dev.switchboard.spi;

/**
 * A concern that plugs its stages into the call pipeline from a module of its own: cost tracking
 * ({@code switchboard-cost}) and compliance with audit ({@code switchboard-compliance}). The core
 * names neither; it assembles whatever features the client is given, each into the built-in {@link
 * dev.switchboard.pipeline.Stage} positions the feature claims.
 *
 * <p>A feature is an immutable description (settings, and resources the caller owns); {@link
 * #install} opens what the feature owns (a ledger file, an audit trail) for one client and returns
 * its stages. A client holds at most one feature per {@link #name()}.
 *
 * <pre>{@code
 * ModelClient client = ModelClient.builder()
 *     .provider(provider).route("chat", route)
 *     .with(CostTracking.builder().pricing(catalog).budgets(budget).build())
 *     .build();
 * }</pre>
 *
 * @since 0.2
 */
public interface PipelineFeature {

  /**
   * A short stable name ({@code cost}, {@code compliance}); a later feature of the same name
   * replaces an earlier one.
   */
  String name();

  /**
   * Opens what this feature owns for one client and returns its stages.
   *
   * @throws dev.switchboard.error.SwitchboardException if a resource cannot be opened
   */
  InstalledFeature install(FeatureContext context);
}
