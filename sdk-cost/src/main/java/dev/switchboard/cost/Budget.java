package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * A spending limit for the calls whose tags match, per period. Immutable.
 *
 * <pre>{@code
 * Budget cardiology = Budget.builder()
 *     .match("department", "cardiology")
 *     .limit("500.00").currency("USD")
 *     .period(BudgetPeriod.MONTH).mode(BudgetMode.HARD)
 *     .build();
 * }</pre>
 *
 * <p>A call counts against every budget whose {@code match} entries all equal the call's tags (an
 * empty match counts every call). Before the call its maximum cost is reserved; afterwards the
 * reservation is settled to what the call really cost.
 *
 * @param name a unique name, used in errors and warnings (derived from match and period if not
 *     given)
 * @param match tag values a call must carry to count; empty for all calls
 * @param limit the most that may be spent per period
 * @param currency the currency of {@code limit}; must be the price catalog's
 * @param period the window the limit applies to
 * @param mode refuse (hard) or warn (soft)
 * @param zone the time zone in which days and months start
 * @since 0.1
 */
public record Budget(
    String name,
    Map<String, String> match,
    BigDecimal limit,
    String currency,
    BudgetPeriod period,
    BudgetMode mode,
    ZoneId zone) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:=,/+-]{1,200}");

  public Budget {
    Checks.notBlank(name, "Budget.name");
    Checks.check(
        NAME.matcher(name).matches(), "Budget.name", "must match [A-Za-z0-9_.:=,/+-]{1,200}");
    match = Checks.mapCopy(match, "Budget.match");
    Checks.notNull(limit, "Budget.limit");
    Checks.check(limit.signum() >= 0, "Budget.limit", "must not be negative");
    Checks.currencyCode(currency, "Budget.currency");
    Checks.notNull(period, "Budget.period");
    Checks.notNull(mode, "Budget.mode");
    Checks.notNull(zone, "Budget.zone");
  }

  public static Builder builder() {
    return new Builder();
  }

  /** True if every {@code match} entry equals the tag of the same key. */
  public boolean matches(Map<String, String> tags) {
    for (Map.Entry<String, String> m : match.entrySet()) {
      if (!m.getValue().equals(tags.get(m.getKey()))) return false;
    }
    return true;
  }

  /**
   * The period containing the instant, such as {@code 2026-11}, {@code 2026-11-29} or {@code all}.
   */
  public String periodKey(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, zone);
    switch (period) {
      case DAY:
        return day.toString();
      case MONTH:
        return YearMonth.from(day).toString();
      default:
        return "all";
    }
  }

  /** When the period containing the instant began. */
  public Instant periodStart(Instant at) {
    LocalDate day = LocalDate.ofInstant(at, zone);
    switch (period) {
      case DAY:
        return day.atStartOfDay(zone).toInstant();
      case MONTH:
        return day.withDayOfMonth(1).atStartOfDay(zone).toInstant();
      default:
        return Instant.EPOCH;
    }
  }

  /** What the budget covers, for messages: {@code department=cardiology, per month}. */
  public String describe() {
    return (match.isEmpty() ? "all calls" : joined(match, ", ")) + ", " + periodWord(period);
  }

  private static String periodWord(BudgetPeriod p) {
    return p == BudgetPeriod.ALL_TIME ? "all time" : "per " + p.name().toLowerCase(Locale.ROOT);
  }

  private static String joined(Map<String, String> match, String sep) {
    StringJoiner j = new StringJoiner(sep);
    match.forEach((k, v) -> j.add(k + "=" + v));
    return j.toString();
  }

  /** Builds a {@link Budget}. Not thread-safe. */
  public static final class Builder {
    private String name;
    private final Map<String, String> match = new LinkedHashMap<>();
    private BigDecimal limit;
    private String currency = "USD";
    private BudgetPeriod period = BudgetPeriod.MONTH;
    private BudgetMode mode = BudgetMode.HARD;
    private ZoneId zone = ZoneOffset.UTC;

    private Builder() {}

    /**
     * The budget's name; by default derived from match and period, such as {@code
     * department=cardiology/month}.
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** Adds a tag the call must carry. */
    public Builder match(String tagKey, String value) {
      match.put(tagKey, value);
      return this;
    }

    /** Replaces all tag matches. */
    public Builder match(Map<String, String> match) {
      this.match.clear();
      this.match.putAll(match);
      return this;
    }

    public Builder limit(BigDecimal limit) {
      this.limit = limit;
      return this;
    }

    public Builder limit(String limit) {
      return limit(new BigDecimal(limit));
    }

    /** USD by default. */
    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    /** MONTH by default. */
    public Builder period(BudgetPeriod period) {
      this.period = period;
      return this;
    }

    /** HARD by default. */
    public Builder mode(BudgetMode mode) {
      this.mode = mode;
      return this;
    }

    /** UTC by default. */
    public Builder zone(ZoneId zone) {
      this.zone = zone;
      return this;
    }

    /**
     * Builds the budget.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public Budget build() {
      String n =
          name != null
              ? name
              : (match.isEmpty() ? "all" : joined(match, ","))
                  + "/"
                  + period.name().toLowerCase(Locale.ROOT).replace('_', '-');
      return new Budget(n, match, limit, currency, period, mode, zone);
    }
  }
}
