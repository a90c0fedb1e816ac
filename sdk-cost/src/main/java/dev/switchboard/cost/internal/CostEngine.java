package dev.switchboard.cost.internal;

import dev.switchboard.Target;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.cost.ReservationResult;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnknownPriceException;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.usage.BudgetCharge;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client's cost machinery: prices, budgets, the budget store and the ledger, and the two pipeline
 * stages that use them ({@link BudgetStage} per call, {@link MeteringStage} per attempt).
 * Thread-safe; closed with the client.
 */
public final class CostEngine implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CostEngine.class);

  private final PriceCatalog catalog;
  private final UnknownPricePolicy unknownPrice;
  private final int defaultMaxOutputTokens;
  private final List<Budget> budgets;
  private final CostLedger ledger;
  private final BudgetStore store;
  private final List<AutoCloseable> owned;
  private final Clock clock;
  private final Map<String, String> providerTypes;
  private final Set<String> warnedUnpriced = ConcurrentHashMap.newKeySet();
  private final Set<String> warnedSoft = ConcurrentHashMap.newKeySet();
  private final BooksSpool spool;
  private final boolean refuseWhileSpooled;

  private CostEngine(
      CostSettings settings,
      CostLedger ledger,
      BudgetStore store,
      List<AutoCloseable> owned,
      Clock clock,
      Map<String, String> providerTypes,
      boolean spooled) {
    this.catalog = settings.catalog();
    this.unknownPrice = settings.unknownPrice();
    this.defaultMaxOutputTokens = settings.defaultMaxOutputTokens();
    this.budgets = settings.budgets();
    this.ledger = ledger;
    this.store = store;
    this.owned = List.copyOf(owned);
    this.clock = clock;
    this.providerTypes = Map.copyOf(providerTypes);
    LedgerSettings ls = settings.ledger();
    // A database ledger can fail while the process runs on: its records wait in a local spool.
    // A file ledger failing means the disk fails, where a spool would fail too.
    this.spool =
        spooled
            ? new BooksSpool(
                ls.spool(), ledger, store == null ? NO_STORE : store, settings.budgets(), clock)
            : null;
    this.refuseWhileSpooled = spooled && ls.onFailure() == LedgerSettings.OnFailure.REFUSE;
    if (spool != null && !spool.empty()) {
      log.warn(
          "the ledger spool {} holds {} entries from an earlier run; replaying them",
          spool.file(),
          spool.size());
      spool.drain();
    }
  }

  /** Stands in for the store when there are no budgets: a spool then holds records only. */
  private static final BudgetStore NO_STORE =
      new BudgetStore() {
        @Override
        public dev.switchboard.cost.ReservationResult reserve(
            String reservationId, List<dev.switchboard.cost.BudgetClaim> claims) {
          throw new IllegalStateException("no budgets");
        }

        @Override
        public void settle(String reservationId, List<dev.switchboard.cost.BudgetClaim> actual) {}

        @Override
        public BudgetStatus status(Budget budget, Instant at) {
          throw new IllegalStateException("no budgets");
        }
      };

  /**
   * Opens what the settings describe, unless given: the ledger (file or database) and, when there
   * are budgets, the budget store (in the database with a JDBC ledger; otherwise in memory,
   * starting from what the ledger already holds for the current periods).
   *
   * @param ledger a ledger the caller owns, or null to open the configured one
   * @param store a budget store the caller owns, or null to choose one
   * @param providerTypes config type by provider id, for catalog entries that match on type
   */
  public static CostEngine open(
      CostSettings settings,
      CostLedger ledger,
      BudgetStore store,
      Clock clock,
      Map<String, String> providerTypes) {
    List<AutoCloseable> owned = new ArrayList<>();
    try {
      JdbcSettings db = null;
      if (ledger == null) {
        LedgerSettings ls = settings.ledger();
        if (ls.kind() == LedgerSettings.Kind.FILE) {
          ledger = new FileCostLedger(ls.path().orElseThrow(), ls.sync());
          owned.add(ledger);
        } else if (ls.kind() == LedgerSettings.Kind.JDBC) {
          db = ls.database().orElseThrow();
          ledger = new JdbcCostLedger(SharedDatabase.open(db));
          owned.add(ledger);
        }
      }
      if (store == null && !settings.budgets().isEmpty()) {
        if (db != null) {
          // A lease of its own on the same pool: each closes its own.
          store =
              new JdbcBudgetStore(SharedDatabase.open(db), Duration.ofHours(1), Clock.systemUTC());
        } else {
          store = LedgerHistory.seededStore(ledger, settings, clock.instant());
        }
        owned.add(store);
      }
      return new CostEngine(settings, ledger, store, owned, clock, providerTypes, db != null);
    } catch (RuntimeException e) {
      closeAll(owned);
      throw e;
    }
  }

  /** The per-call stage that reserves and settles budgets. */
  public CallInterceptor budgetStage() {
    return new BudgetStage(this);
  }

  /** The per-attempt stage that prices attempts, records them and puts the cost on answers. */
  public CallInterceptor meteringStage() {
    return new MeteringStage(this);
  }

  Instant now() {
    return clock.instant();
  }

  String currency() {
    return catalog.currency();
  }

  int defaultMaxOutputTokens() {
    return defaultMaxOutputTokens;
  }

  CallCost callCost(Call call) {
    return CallCost.of(call, catalog.currency());
  }

  /** The price for the target, or none under policy flag (warned once). */
  Optional<Price> priceOrRefuse(Target target, Instant at) {
    Optional<Price> price =
        catalog.find(target.provider(), providerTypes.get(target.provider()), target.model(), at);
    if (price.isPresent()) return price;
    if (unknownPrice == UnknownPricePolicy.BLOCK) {
      throw new UnknownPriceException(
          target.provider(), target.model(), catalog.name() + " (as of " + catalog.asOf() + ")");
    }
    if (warnedUnpriced.add(target.label())) {
      log.warn(
          "no price for model '{}' of provider '{}'; its calls are recorded as unpriced (pricing.unknown: flag)",
          target.model(),
          target.provider());
    }
    return Optional.empty();
  }

  /**
   * Reserves the call's maximum cost against every matching budget.
   *
   * @return the hold, or null when no budget matches
   * @throws dev.switchboard.error.BudgetExceededException if a hard budget refuses
   */
  BudgetHold reserve(Call call) {
    List<Budget> matching = new ArrayList<>();
    for (Budget b : budgets) {
      if (b.matches(call.request().tags())) matching.add(b);
    }
    if (matching.isEmpty()) return null;
    Instant at = now();
    BudgetStore settling = spool == null ? store : new SpoolingStore(store, spool);
    BudgetHold hold = new BudgetHold(settling, matching, at, call.id(), r -> warnSoft(call, r));
    hold.ensure(maxCallCost(call, at));
    callCost(call).hold(hold);
    return hold;
  }

  /** The most one attempt could cost at any of the route's priced targets. */
  private BigDecimal maxCallCost(Call call, Instant at) {
    BigDecimal max = BigDecimal.ZERO;
    for (Target t : call.route().targets()) {
      Optional<Price> p =
          catalog.find(t.provider(), providerTypes.get(t.provider()), t.model(), at);
      if (p.isPresent()) max = max.max(Pricer.maxAttempt(call, p.get(), defaultMaxOutputTokens));
    }
    return max;
  }

  /** Settles the call's reservation to what its billed attempts cost. Never throws. */
  void settle(Call call, BudgetHold hold) {
    try {
      hold.settle(callCost(call).billed());
    } catch (RuntimeException e) {
      log.warn(
          "call {}: settling its budget reservation failed ({}); the reservation stays until released",
          call.id(),
          describe(e));
    }
  }

  /** Appends to the ledger, if there is one. Never throws: the provider has billed already. */
  /**
   * True if billed attempts are written anywhere (otherwise building their records is wasted work).
   */
  boolean hasLedger() {
    return ledger != null;
  }

  /**
   * With {@code ledger.on-failure: refuse}: refuses the call before anything is sent while billed
   * records wait in the spool and cannot be written.
   *
   * @throws SwitchboardException naming the spool
   */
  void checkBooks() {
    if (!refuseWhileSpooled || spool.drain()) return;
    throw new dev.switchboard.error.ServiceUnavailableException(
        "the cost ledger cannot be written ("
            + spool.size()
            + " billed records wait in the spool); calls are refused until it can"
            + " (ledger.on-failure: refuse)",
        dev.switchboard.error.ErrorContext.NONE);
  }

  void record(CostRecord record) {
    if (ledger == null) return;
    try {
      if (spool != null) spool.record(record);
      else ledger.append(record);
    } catch (RuntimeException e) {
      log.warn(
          "call {}: writing its cost record to the ledger failed ({}); amount {} {}",
          record.callId(),
          describe(e),
          record.cost().amount().toPlainString(),
          record.cost().currency());
    }
  }

  /**
   * Tells the call's listeners about every soft budget over its limit, and logs it once per budget
   * and period (the listener and the response carry it for every call).
   */
  private void warnSoft(Call call, ReservationResult result) {
    for (BudgetStatus s : result.statuses()) {
      if (s.budget().mode() != BudgetMode.SOFT || !s.overLimit()) continue;
      Budget b = s.budget();
      call.listener()
          .budgetOverSoftLimit(
              new CallListener.BudgetOverSoftLimit(
                  call.id(),
                  new BudgetCharge(
                      b.name(),
                      s.periodKey(),
                      false,
                      b.limit(),
                      s.spent().add(s.reserved()),
                      b.currency())));
      if (warnedSoft.add(b.name() + "@" + s.periodKey())) {
        log.warn(
            "soft budget '{}' ({}) is over its limit in period {}: spent {}, reserved {}, limit {} {}",
            b.name(),
            b.describe(),
            s.periodKey(),
            s.spent().toPlainString(),
            s.reserved().toPlainString(),
            b.limit().toPlainString(),
            b.currency());
      }
    }
  }

  private static String describe(RuntimeException e) {
    return e instanceof SwitchboardException ? e.getMessage() : e.getClass().getName();
  }

  @Override
  public void close() {
    closeAll(owned);
    if (spool != null) spool.close();
  }

  private static void closeAll(List<AutoCloseable> resources) {
    for (AutoCloseable c : resources) {
      try {
        c.close();
      } catch (Exception e) {
        log.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.getClass().getName());
      }
    }
  }

  /** The store, with settlements going through the spool (reservations go straight to it). */
  private static final class SpoolingStore implements BudgetStore {
    private final BudgetStore store;
    private final BooksSpool spool;

    SpoolingStore(BudgetStore store, BooksSpool spool) {
      this.store = store;
      this.spool = spool;
    }

    @Override
    public ReservationResult reserve(
        String reservationId, List<dev.switchboard.cost.BudgetClaim> claims) {
      return store.reserve(reservationId, claims);
    }

    @Override
    public void settle(String reservationId, List<dev.switchboard.cost.BudgetClaim> actual) {
      spool.settle(reservationId, actual);
    }

    @Override
    public BudgetStatus status(Budget budget, Instant at) {
      return store.status(budget, at);
    }
  }
}
