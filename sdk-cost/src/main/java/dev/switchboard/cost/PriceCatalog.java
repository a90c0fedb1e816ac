package dev.switchboard.cost;

import dev.switchboard.cost.internal.Globs;
import dev.switchboard.cost.internal.PriceCatalogReader;
import dev.switchboard.spi.Checks;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Prices by provider and model, versioned by effective date, in one currency. Immutable and
 * thread-safe.
 *
 * <pre>{@code
 * PriceCatalog prices = PriceCatalog.builtin().withOverrides(List.of(
 *     Price.builder().provider("gpu-ward").model("*").perGpuSecond("0.0008").build()));
 * Optional<Price> p = prices.find("foundry-us", "foundry", "gpt-4.1-mini", Instant.now());
 * }</pre>
 *
 * <p>Lookup: overrides are searched before the catalog they were added to. Within one layer, among
 * the entries whose patterns match and whose effective date is not after the day of the call (UTC),
 * the most specific wins (most literal characters in the model pattern, then the provider pattern,
 * then the type pattern), and among equally specific entries the latest effective date. A model
 * name with a date suffix ({@code gpt-4.1-mini-2025-04-14}, {@code claude-sonnet-4-5-20250929})
 * that matches nothing is looked up again without it.
 *
 * <p>The {@link #builtin() bundled catalog} holds public list prices for common Foundry models as
 * of {@link #asOf()}: they are a starting point, not a contract. Override them with your negotiated
 * rates.
 *
 * @since 0.1
 */
public final class PriceCatalog {
  private static final Pattern DATE_SUFFIX = Pattern.compile("-(\\d{4}-\\d{2}-\\d{2}|\\d{8})$");

  private final String name;
  private final LocalDate asOf;
  private final String currency;
  private final List<List<Price>> layers;
  private static final int MAX_REMEMBERED = 4096;
  private final java.util.concurrent.ConcurrentHashMap<Lookup, Optional<Price>> found =
      new java.util.concurrent.ConcurrentHashMap<>();

  private PriceCatalog(String name, LocalDate asOf, String currency, List<List<Price>> layers) {
    this.name = Checks.notBlank(name, "PriceCatalog.name");
    this.asOf = Checks.notNull(asOf, "PriceCatalog.asOf");
    this.currency = Checks.currencyCode(currency, "PriceCatalog.currency");
    List<List<Price>> copy = new ArrayList<>();
    for (List<Price> layer : layers) {
      List<Price> prices = Checks.listCopy(layer, "PriceCatalog.prices");
      for (int i = 0; i < prices.size(); i++) {
        Checks.check(
            prices.get(i).currency().equals(currency),
            "PriceCatalog.prices[" + i + "].currency",
            "must be "
                + currency
                + ", the catalog's currency (one catalog counts in one currency)");
      }
      copy.add(prices);
    }
    this.layers = List.copyOf(copy);
  }

  /**
   * A catalog of the given prices.
   *
   * @param name a name for records and reports, such as {@code hospital-2026}
   * @param asOf when these prices were last checked
   * @param currency the currency of every price
   * @throws IllegalArgumentException if a price is in another currency
   */
  public static PriceCatalog of(String name, LocalDate asOf, String currency, List<Price> prices) {
    return new PriceCatalog(name, asOf, currency, List.of(Checks.notNull(prices, "prices")));
  }

  /**
   * The catalog bundled with the SDK: public list prices in USD as of {@link #asOf()}; local models
   * at zero.
   */
  public static PriceCatalog builtin() {
    return PriceCatalogReader.builtin();
  }

  /**
   * Loads a catalog file (YAML or JSON, in the bundled catalog's format).
   *
   * @throws dev.switchboard.error.ConfigException listing every problem in the file
   */
  public static PriceCatalog load(Path file) {
    return PriceCatalogReader.load(file);
  }

  /**
   * A catalog that searches {@code overrides} before this one.
   *
   * @throws IllegalArgumentException if an override is in another currency
   */
  public PriceCatalog withOverrides(List<Price> overrides) {
    if (overrides.isEmpty()) return this;
    List<List<Price>> stacked = new ArrayList<>();
    stacked.add(overrides);
    stacked.addAll(layers);
    return new PriceCatalog(name, asOf, currency, stacked);
  }

  /** The catalog's name, such as {@code switchboard-builtin}. */
  public String name() {
    return name;
  }

  /** When the prices were last checked. */
  public LocalDate asOf() {
    return asOf;
  }

  /** The currency of every price. */
  public String currency() {
    return currency;
  }

  /** Every entry, overrides first. */
  public List<Price> prices() {
    List<Price> all = new ArrayList<>();
    layers.forEach(all::addAll);
    return List.copyOf(all);
  }

  /**
   * The price that applies to a model of a provider at a moment.
   *
   * @param provider the configured provider id
   * @param providerType the provider's config type, or null if unknown
   * @param model the provider-side model or deployment name
   * @param at when the call happens
   */
  public Optional<Price> find(String provider, String providerType, String model, Instant at) {
    Checks.notNull(provider, "provider");
    Checks.notNull(model, "model");
    LocalDate day = LocalDate.ofInstant(Checks.notNull(at, "at"), ZoneOffset.UTC);
    // Every billed attempt looks its price up: remember the answer (the catalog never changes).
    Lookup key = new Lookup(provider, providerType, model, day);
    Optional<Price> known = found.get(key);
    if (known != null) return known;
    Optional<Price> result = search(provider, providerType, model, day);
    if (found.size() >= MAX_REMEMBERED) found.clear();
    found.put(key, result);
    return result;
  }

  private record Lookup(String provider, String providerType, String model, LocalDate day) {}

  private Optional<Price> search(
      String provider, String providerType, String model, LocalDate day) {
    String undated = DATE_SUFFIX.matcher(model).replaceFirst("");
    for (List<Price> layer : layers) {
      Price best = best(layer, provider, providerType, model, day);
      if (best == null && !undated.equals(model))
        best = best(layer, provider, providerType, undated, day);
      if (best != null) return Optional.of(best);
    }
    return Optional.empty();
  }

  private static Price best(
      List<Price> layer, String provider, String type, String model, LocalDate day) {
    Price best = null;
    for (Price p : layer) {
      if (p.effectiveFrom().isAfter(day)) continue;
      if (!Globs.matches(p.model(), model) || !Globs.matches(p.provider(), provider)) continue;
      if (type == null ? !p.providerType().equals("*") : !Globs.matches(p.providerType(), type))
        continue;
      if (best == null || moreSpecific(p, best)) best = p;
    }
    return best;
  }

  private static boolean moreSpecific(Price a, Price b) {
    int c = Integer.compare(Globs.literalLength(a.model()), Globs.literalLength(b.model()));
    if (c == 0)
      c = Integer.compare(Globs.literalLength(a.provider()), Globs.literalLength(b.provider()));
    if (c == 0)
      c =
          Integer.compare(
              Globs.literalLength(a.providerType()), Globs.literalLength(b.providerType()));
    if (c == 0) c = a.effectiveFrom().compareTo(b.effectiveFrom());
    return c > 0;
  }

  @Override
  public String toString() {
    return "PriceCatalog["
        + name
        + " as of "
        + asOf
        + ", "
        + currency
        + ", "
        + prices().size()
        + " prices]";
  }
}
