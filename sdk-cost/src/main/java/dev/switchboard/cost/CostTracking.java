package dev.switchboard.cost;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.internal.CostEngine;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cost tracking as a pipeline feature: prices every billed attempt, records it in the ledger, puts
 * the cost on each answer, and reserves and settles budgets. Immutable.
 *
 * <p>A client built from a config file tracks cost whenever this module is on the class path
 * ({@code pricing}, {@code budgets} and {@code ledger} sections, all optional). In code:
 *
 * <pre>{@code
 * ModelClient client = ModelClient.builder()
 *     .provider(provider).route("chat", Route.of("mock", "m-1"))
 *     .with(CostTracking.builder()
 *         .pricing(PriceCatalog.builtin().withOverrides(List.of(contractPrice)))
 *         .budgets(Budget.builder().name("cardiology").match("department", "cardiology")
 *             .limit(new BigDecimal("500.00")).currency("USD").period(BudgetPeriod.MONTH).build())
 *         .ledger(myLedger)
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>A ledger or budget store given as an instance is the caller's to close; one the settings
 * describe (a file, a database) is opened per client and closed with it.
 *
 * @since 0.2
 */
public final class CostTracking implements PipelineFeature {
  /** The feature's name: a client holds one cost feature. */
  public static final String NAME = "cost";

  private final CostSettings settings;
  private final CostLedger ledger;
  private final BudgetStore budgetStore;

  private CostTracking(Builder b) {
    this.settings = b.settings.build();
    this.ledger = b.ledger;
    this.budgetStore = b.budgetStore;
  }

  /** Cost tracking with the bundled catalog, no budgets and no ledger, to be refined. */
  public static Builder builder() {
    return new Builder(CostSettings.builder());
  }

  /** Cost tracking as the settings describe it. */
  public static CostTracking of(CostSettings settings) {
    return new Builder(Checks.notNull(settings, "settings").toBuilder()).build();
  }

  /**
   * The cost tracking a config file asks for, to use as it is or as the start of a {@link
   * #toBuilder() builder} (for example to swap in a test's ledger).
   */
  public static Optional<CostTracking> from(SwitchboardConfig config) {
    return Checks.notNull(config, "config").feature(CostTracking.class);
  }

  /** A builder holding this feature's settings and instances. */
  public Builder toBuilder() {
    Builder b = new Builder(settings.toBuilder());
    b.ledger = ledger;
    b.budgetStore = budgetStore;
    return b;
  }

  /** Prices, the unknown-price policy, budgets and the ledger settings. */
  public CostSettings settings() {
    return settings;
  }

  /** The ledger given as an instance, if any (it replaces the one the settings describe). */
  public Optional<CostLedger> ledger() {
    return Optional.ofNullable(ledger);
  }

  /** The budget store given as an instance, if any. */
  public Optional<BudgetStore> budgetStore() {
    return Optional.ofNullable(budgetStore);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Opens the configured ledger and budget store and returns the BUDGET and METERING stages. */
  @Override
  public InstalledFeature install(FeatureContext context) {
    CostEngine engine =
        CostEngine.open(
            settings, ledger, budgetStore, context.clock().asClock(), context.providerTypes());
    return InstalledFeature.of(
        Map.of(Stage.BUDGET, engine.budgetStage(), Stage.METERING, engine.meteringStage()), engine);
  }

  @Override
  public String toString() {
    return "CostTracking["
        + settings
        + (ledger != null ? ", ledger instance" : "")
        + (budgetStore != null ? ", budget store instance" : "")
        + "]";
  }

  /** Builds a {@link CostTracking}. Not thread-safe. */
  public static final class Builder {
    private final CostSettings.Builder settings;
    private CostLedger ledger;
    private BudgetStore budgetStore;

    private Builder(CostSettings.Builder settings) {
      this.settings = settings;
    }

    /** Replaces every setting with these (instances given to this builder stay). */
    public Builder settings(CostSettings settings) {
      CostSettings s = Checks.notNull(settings, "settings");
      this.settings
          .catalog(s.catalog())
          .unknownPrice(s.unknownPrice())
          .defaultMaxOutputTokens(s.defaultMaxOutputTokens())
          .budgets(s.budgets())
          .ledger(s.ledger());
      return this;
    }

    /** The price catalog (overrides included); the bundled one by default. */
    public Builder pricing(PriceCatalog catalog) {
      settings.catalog(Checks.notNull(catalog, "catalog"));
      return this;
    }

    /** What to do for a model without a price; {@link UnknownPricePolicy#BLOCK} by default. */
    public Builder unknownPrice(UnknownPricePolicy policy) {
      settings.unknownPrice(Checks.notNull(policy, "policy"));
      return this;
    }

    /** Replaces the budgets. */
    public Builder budgets(List<Budget> budgets) {
      settings.budgets(Checks.listCopy(budgets, "budgets"));
      return this;
    }

    /** Replaces the budgets. */
    public Builder budgets(Budget... budgets) {
      return budgets(List.of(budgets));
    }

    /**
     * Records every billed attempt in this ledger instead of the configured one. The client does
     * not close it, so one ledger can serve several clients.
     */
    public Builder ledger(CostLedger ledger) {
      this.ledger = Checks.notNull(ledger, "ledger");
      return this;
    }

    /**
     * Keeps budget state in this store instead of the default (in memory, or the database of a JDBC
     * ledger from the settings). The client does not close it.
     */
    public Builder budgetStore(BudgetStore store) {
      this.budgetStore = Checks.notNull(store, "store");
      return this;
    }

    /**
     * Builds the feature.
     *
     * @throws IllegalArgumentException if a budget's currency is not the catalog's or two budgets
     *     share a name
     */
    public CostTracking build() {
      return new CostTracking(this);
    }
  }
}
