package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * How a client tracks cost, as configured ({@code pricing:}, {@code budgets:} and {@code ledger:}
 * in the config file): the price catalog with its overrides, the unknown-price policy, the budgets
 * and where the ledger lives. Immutable.
 *
 * @since 0.1
 */
public final class CostSettings {
  /**
   * Output tokens assumed for a request that sets no limit when the catalog knows none for the
   * model.
   */
  public static final int DEFAULT_MAX_OUTPUT_TOKENS = 4_096;

  private final PriceCatalog catalog;
  private final UnknownPricePolicy unknownPrice;
  private final int defaultMaxOutputTokens;
  private final List<Budget> budgets;
  private final LedgerSettings ledger;

  private CostSettings(Builder b) {
    this.catalog = Checks.notNull(b.catalog, "CostSettings.catalog");
    this.unknownPrice = Checks.notNull(b.unknownPrice, "CostSettings.unknownPrice");
    Checks.check(
        b.defaultMaxOutputTokens >= 1, "CostSettings.defaultMaxOutputTokens", "must be at least 1");
    this.defaultMaxOutputTokens = b.defaultMaxOutputTokens;
    this.budgets = Checks.listCopy(b.budgets, "CostSettings.budgets");
    Set<String> names = new HashSet<>();
    for (int i = 0; i < budgets.size(); i++) {
      Budget budget = budgets.get(i);
      Checks.check(
          names.add(budget.name()),
          "CostSettings.budgets[" + i + "].name",
          "duplicates an earlier budget");
      Checks.check(
          budget.currency().equals(catalog.currency()),
          "CostSettings.budgets[" + i + "].currency",
          "must be " + catalog.currency() + ", the price catalog's currency");
    }
    this.ledger = Checks.notNull(b.ledger, "CostSettings.ledger");
  }

  /** The bundled catalog, policy block, no budgets, no ledger. */
  public static CostSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The prices, overrides included. */
  public PriceCatalog catalog() {
    return catalog;
  }

  /** What to do for a model without a price. */
  public UnknownPricePolicy unknownPrice() {
    return unknownPrice;
  }

  /** Output tokens assumed when neither the request nor the catalog bounds them. */
  public int defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  public List<Budget> budgets() {
    return budgets;
  }

  public LedgerSettings ledger() {
    return ledger;
  }

  @Override
  public String toString() {
    return "CostSettings["
        + catalog
        + ", unknown="
        + unknownPrice
        + ", budgets="
        + budgets.size()
        + ", "
        + ledger
        + "]";
  }

  /** Builds {@link CostSettings}. Not thread-safe. */
  public static final class Builder {
    private PriceCatalog catalog;
    private UnknownPricePolicy unknownPrice = UnknownPricePolicy.BLOCK;
    private int defaultMaxOutputTokens = DEFAULT_MAX_OUTPUT_TOKENS;
    private final List<Budget> budgets = new ArrayList<>();
    private LedgerSettings ledger = LedgerSettings.none();

    private Builder() {}

    private Builder(CostSettings s) {
      catalog = s.catalog;
      unknownPrice = s.unknownPrice;
      defaultMaxOutputTokens = s.defaultMaxOutputTokens;
      budgets.addAll(s.budgets);
      ledger = s.ledger;
    }

    /** The bundled catalog by default. */
    public Builder catalog(PriceCatalog catalog) {
      this.catalog = catalog;
      return this;
    }

    /** {@link UnknownPricePolicy#BLOCK} by default. */
    public Builder unknownPrice(UnknownPricePolicy policy) {
      this.unknownPrice = policy;
      return this;
    }

    public Builder defaultMaxOutputTokens(int tokens) {
      this.defaultMaxOutputTokens = tokens;
      return this;
    }

    public Builder addBudget(Budget budget) {
      budgets.add(Checks.notNull(budget, "budget"));
      return this;
    }

    public Builder budgets(List<Budget> budgets) {
      this.budgets.clear();
      this.budgets.addAll(budgets);
      return this;
    }

    /** None by default. */
    public Builder ledger(LedgerSettings ledger) {
      this.ledger = ledger;
      return this;
    }

    /**
     * Builds the settings.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public CostSettings build() {
      if (catalog == null) catalog = PriceCatalog.builtin();
      return new CostSettings(this);
    }
  }
}
