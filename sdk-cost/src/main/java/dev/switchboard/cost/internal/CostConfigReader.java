package dev.switchboard.cost.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetPeriod;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ProviderSettings;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the cost sections of the config file: {@code pricing}, {@code budgets}, {@code ledger}, and
 * each provider's own {@code pricing}. Reports every problem by path; never throws.
 */
public final class CostConfigReader {
  /**
   * Relative file names (price catalog, ledger file) resolve against this; null: the working
   * directory.
   */
  private final Path baseDir;

  public CostConfigReader(Path baseDir) {
    this.baseDir = baseDir;
  }

  /** Reads paths relative to the working directory. */
  public CostConfigReader() {
    this(null);
  }

  private Path resolve(String file) {
    Path p = Path.of(file);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }

  private static final Set<String> PERIODS = Set.of("day", "month", "all-time");
  private static final Set<String> MODES = Set.of("hard", "soft");
  private static final Set<String> LEDGERS = Set.of("none", "file", "jdbc");
  private static final Set<String> SYNCS = Set.of("every-record", "os");

  private final java.util.Map<String, ProviderSettings> providerPricing =
      new java.util.LinkedHashMap<>();

  /**
   * Reads {@code providers.ID.pricing}, if present, before the provider's factory sees the section.
   * A provider-level price covers every model of that provider.
   */
  public void readProvider(String id, ProviderSettings provider) {
    // Read now (so the provider's factory does not report the key as unknown), parsed once the
    // catalog's currency is known.
    provider.section("pricing").ifPresent(p -> providerPricing.put(id, p));
  }

  /** Reads the top-level sections; the result is meaningful only if no problem was reported. */
  public CostSettings read(ProviderSettings root) {
    CostSettings.Builder b = CostSettings.builder();
    PriceCatalog catalog = pricing(root, b);
    List<Budget> budgets = budgets(root, catalog.currency());
    b.budgets(budgets);
    b.ledger(ledger(root));
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      root.problem(null, e.getMessage());
      return CostSettings.defaults();
    }
  }

  private PriceCatalog pricing(ProviderSettings root, CostSettings.Builder b) {
    Optional<ProviderSettings> section = root.section("pricing");
    PriceCatalog base = section.map(this::catalog).orElse(PriceCatalog.builtin());
    List<Price> overrides = new ArrayList<>();
    if (section.isPresent()) {
      ProviderSettings s = section.get();
      s.oneOf("unknown", Set.of("block", "flag"))
          .ifPresent(
              u ->
                  b.unknownPrice(
                      u.equals("flag") ? UnknownPricePolicy.FLAG : UnknownPricePolicy.BLOCK));
      s.integer("default-max-output-tokens")
          .ifPresent(
              n -> {
                if (n < 1) s.problem("default-max-output-tokens", "must be at least 1");
                else b.defaultMaxOutputTokens(n);
              });
      for (ProviderSettings o : s.sections("overrides")) {
        PriceCatalogReader.price(o, base.currency(), null)
            .ifPresent(
                p -> {
                  if (sameCurrency(o, p, base)) overrides.add(p);
                });
      }
    }
    providerPricing.forEach(
        (id, node) ->
            PriceCatalogReader.price(node, base.currency(), id)
                .ifPresent(
                    p -> {
                      if (sameCurrency(node, p, base)) overrides.add(p);
                    }));
    PriceCatalog catalog = base.withOverrides(overrides);
    b.catalog(catalog);
    return catalog;
  }

  private static boolean sameCurrency(ProviderSettings node, Price p, PriceCatalog catalog) {
    if (p.currency().equals(catalog.currency())) return true;
    node.problem("currency", "must be " + catalog.currency() + ", the price catalog's currency");
    return false;
  }

  private PriceCatalog catalog(ProviderSettings pricing) {
    String name = pricing.string("catalog").orElse("builtin");
    if (name.equals("builtin")) return PriceCatalog.builtin();
    List<String> problems = new ArrayList<>();
    PriceCatalog c = PriceCatalogReader.load(resolve(name), problems);
    for (String p : problems) pricing.problem("catalog", "(" + name + ") " + p);
    return c != null ? c : PriceCatalog.builtin();
  }

  private static List<Budget> budgets(ProviderSettings root, String currency) {
    List<Budget> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (ProviderSettings n : root.sections("budgets")) {
      Budget.Builder b =
          Budget.builder()
              .match(n.stringMap("match"))
              .currency(n.string("currency").orElse(currency));
      n.string("name").ifPresent(b::name);
      Optional<BigDecimal> limit = PriceCatalogReader.decimal(n, "limit");
      if (limit.isEmpty() && !n.has("limit")) n.problem("limit", "is required");
      limit.ifPresent(b::limit);
      n.oneOf("period", PERIODS)
          .ifPresent(
              p ->
                  b.period(
                      p.equals("day")
                          ? BudgetPeriod.DAY
                          : p.equals("month") ? BudgetPeriod.MONTH : BudgetPeriod.ALL_TIME));
      n.oneOf("mode", MODES)
          .ifPresent(m -> b.mode(m.equals("soft") ? BudgetMode.SOFT : BudgetMode.HARD));
      n.string("zone")
          .ifPresent(
              z -> {
                try {
                  b.zone(ZoneId.of(z));
                } catch (DateTimeException e) {
                  n.problem("zone", "must be a time zone such as UTC or Europe/Berlin");
                }
              });
      if (limit.isEmpty()) continue;
      try {
        Budget budget = b.build();
        if (!budget.currency().equals(currency)) {
          n.problem("currency", "must be " + currency + ", the price catalog's currency");
        } else if (!names.add(budget.name())) {
          n.problem("name", "duplicates an earlier budget's name (" + budget.name() + ")");
        } else {
          out.add(budget);
        }
      } catch (IllegalArgumentException e) {
        n.problem(null, e.getMessage());
      }
    }
    return out;
  }

  private LedgerSettings ledger(ProviderSettings root) {
    Optional<ProviderSettings> section = root.section("ledger");
    if (section.isEmpty()) return LedgerSettings.none();
    ProviderSettings s = section.get();
    String type = s.oneOf("type", LEDGERS).orElse(s.has("type") ? "none" : "file");
    switch (type) {
      case "file":
        {
          Path path = resolve(s.string("path").orElse("switchboard-ledger.jsonl"));
          Checks.whyNotWritable(path).ifPresent(why -> s.problem("path", why));
          CostLedger.Sync sync =
              s.oneOf("sync", SYNCS)
                  .map(v -> v.equals("os") ? CostLedger.Sync.OS : CostLedger.Sync.EVERY_RECORD)
                  .orElse(CostLedger.Sync.EVERY_RECORD);
          LedgerSettings file = LedgerSettings.file(path, sync);
          Optional<BigDecimal> perLine = PriceCatalogReader.decimal(s, "unreadable-line-cost");
          return perLine.map(file::withUnreadableLineCost).orElse(file);
        }
      case "jdbc":
        {
          if (!s.has("url")) {
            // The shared database of the jdbc: block, which budgets, audit and quotas use too.
            Optional<JdbcSettings> shared = JdbcSettings.fromConfig(root, baseDir);
            if (shared.isPresent()) return onFailure(s, LedgerSettings.jdbc(shared.get()));
            if (!root.has("jdbc"))
              s.problem("url", "is required, or give the shared database in a jdbc: block");
            return LedgerSettings.none();
          }
          String url = s.requiredString("url");
          Optional<String> user = s.string("user");
          Optional<Secret> password = s.secret("password");
          if (url.isEmpty()) return LedgerSettings.none();
          if (!url.startsWith("jdbc:")) {
            s.problem("url", "must be a JDBC URL (jdbc:postgresql://...)");
            return LedgerSettings.none();
          }
          return onFailure(s, LedgerSettings.jdbc(url, user.orElse(null), password.orElse(null)));
        }
      default:
        return LedgerSettings.none();
    }
  }

  /** {@code on-failure: spool|refuse} and {@code spool: FILE} of a database ledger. */
  private LedgerSettings onFailure(ProviderSettings s, LedgerSettings jdbc) {
    LedgerSettings.OnFailure mode =
        s.oneOf("on-failure", Set.of("spool", "refuse"))
            .map(
                v ->
                    v.equals("refuse")
                        ? LedgerSettings.OnFailure.REFUSE
                        : LedgerSettings.OnFailure.SPOOL)
            .orElse(LedgerSettings.OnFailure.SPOOL);
    Path spool = resolve(s.string("spool").orElse(LedgerSettings.DEFAULT_SPOOL.toString()));
    Checks.whyNotWritable(spool).ifPresent(why -> s.problem("spool", why));
    return jdbc.withOnFailure(mode, spool);
  }
}
