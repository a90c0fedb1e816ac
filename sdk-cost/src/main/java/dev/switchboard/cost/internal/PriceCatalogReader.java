package dev.switchboard.cost.internal;

import dev.switchboard.config.SettingsDocument;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.error.ConfigException;
import dev.switchboard.spi.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads price catalogs (YAML or JSON) and single price entries, reporting every problem by path.
 * The same entry format serves catalog files, {@code pricing.overrides} and a provider's own {@code
 * pricing} section.
 */
public final class PriceCatalogReader {
  private static final String BUILTIN = "/dev/switchboard/cost/builtin-prices.yaml";
  private static final Set<String> RATES =
      Set.of(
          "input-per-million",
          "cached-input-per-million",
          "output-per-million",
          "reasoning-per-million",
          "embedding-per-million",
          "per-gpu-second");
  private static volatile PriceCatalog builtin;

  private PriceCatalogReader() {}

  /** The bundled catalog, read once. */
  public static PriceCatalog builtin() {
    PriceCatalog c = builtin;
    if (c != null) return c;
    try (InputStream in = PriceCatalogReader.class.getResourceAsStream(BUILTIN)) {
      if (in == null)
        throw new IllegalStateException("the bundled price catalog is missing from the jar");
      List<String> problems = new ArrayList<>();
      c = parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), problems);
      if (!problems.isEmpty())
        throw new IllegalStateException("the bundled price catalog is invalid: " + problems);
    } catch (IOException e) {
      throw new IllegalStateException("the bundled price catalog cannot be read", e);
    }
    builtin = c;
    return c;
  }

  /**
   * Loads a catalog file.
   *
   * @throws ConfigException listing every problem
   */
  public static PriceCatalog load(Path file) {
    List<String> problems = new ArrayList<>();
    PriceCatalog c = load(file, problems);
    if (!problems.isEmpty()) throw new ConfigException(file.toString(), problems);
    return c;
  }

  /**
   * Loads a catalog file, adding problems (prefixed with nothing) to the list; null if unusable.
   */
  public static PriceCatalog load(Path file, List<String> problems) {
    Optional<String> text = SettingsDocument.readFile(file, problems);
    return text.isEmpty() ? null : parse(text.get(), problems);
  }

  /** Parses catalog text; null (with problems) if unusable. */
  static PriceCatalog parse(String text, List<String> problems) {
    SettingsDocument doc =
        SettingsDocument.parse(text, "a mapping with name, as-of, currency and prices");
    if (doc.root().isEmpty()) {
      problems.addAll(doc.problems());
      return null;
    }
    ProviderSettings root = doc.root().get();
    String name = root.requiredString("name");
    LocalDate asOf = date(root, "as-of").orElse(null);
    if (asOf == null && !root.has("as-of")) root.problem("as-of", "is required");
    String currency = root.string("currency").orElse("USD");
    root.string("note");
    List<Price> prices = new ArrayList<>();
    for (ProviderSettings entry : root.sections("prices"))
      price(entry, currency, null).ifPresent(prices::add);
    if (!root.has("prices")) root.problem("prices", "is required");
    doc.reportUnknownKeys();
    if (!doc.problems().isEmpty()) {
      problems.addAll(doc.problems());
      return null;
    }
    try {
      return PriceCatalog.of(name, asOf, currency, prices);
    } catch (IllegalArgumentException e) {
      problems.add("(document): " + e.getMessage());
      return null;
    }
  }

  /**
   * Reads one price entry. With {@code forProvider} set, the entry belongs to that provider's own
   * section: it prices every model of the provider and may not name another.
   */
  public static Optional<Price> price(
      ProviderSettings entry, String defaultCurrency, String forProvider) {
    Price.Builder b = Price.builder().currency(entry.string("currency").orElse(defaultCurrency));
    if (forProvider != null) {
      b.provider(forProvider);
    } else {
      entry.string("provider").ifPresent(b::provider);
      entry.string("type").ifPresent(b::providerType);
    }
    entry.string("model").ifPresent(b::model);
    if (forProvider == null && !entry.has("model"))
      entry.problem("model", "is required (use \"*\" for every model)");
    date(entry, "effective-from").ifPresent(b::effectiveFrom);
    entry.integer("max-output-tokens").ifPresent(b::maxOutputTokens);
    entry.string("note");
    boolean anyRate = false;
    for (String key : RATES) anyRate |= entry.has(key);
    if (!anyRate)
      entry.problem(
          null, "needs at least one rate: " + String.join(", ", new java.util.TreeSet<>(RATES)));
    decimal(entry, "input-per-million").ifPresent(b::inputPerMillion);
    decimal(entry, "cached-input-per-million").ifPresent(b::cachedInputPerMillion);
    decimal(entry, "output-per-million").ifPresent(b::outputPerMillion);
    decimal(entry, "reasoning-per-million").ifPresent(b::reasoningPerMillion);
    decimal(entry, "embedding-per-million").ifPresent(b::embeddingPerMillion);
    decimal(entry, "per-gpu-second").ifPresent(b::perGpuSecond);
    try {
      return Optional.of(b.build());
    } catch (IllegalArgumentException e) {
      entry.problem(null, e.getMessage());
      return Optional.empty();
    }
  }

  /** An exact decimal; YAML numbers come through their shortest decimal text. */
  public static Optional<BigDecimal> decimal(ProviderSettings node, String key) {
    Optional<String> s = node.string(key);
    if (s.isEmpty()) return Optional.empty();
    try {
      BigDecimal d = new BigDecimal(s.get().trim());
      if (d.signum() < 0) {
        node.problem(key, "must not be negative");
        return Optional.empty();
      }
      return Optional.of(d);
    } catch (NumberFormatException e) {
      node.problem(key, "must be a decimal number such as 0.40");
      return Optional.empty();
    }
  }

  private static Optional<LocalDate> date(ProviderSettings node, String key) {
    Optional<String> s = node.string(key);
    if (s.isEmpty()) return Optional.empty();
    try {
      return Optional.of(LocalDate.parse(s.get().trim()));
    } catch (DateTimeParseException e) {
      node.problem(key, "must be a date such as 2026-01-31");
      return Optional.empty();
    }
  }
}
