/**
 * Cost tracking: prices ({@link dev.switchboard.cost.PriceCatalog}), the cost of each call ({@link
 * dev.switchboard.usage.Cost}), budgets that refuse or warn before money is spent ({@link
 * dev.switchboard.cost.Budget}), the append-only ledger of every billed attempt ({@link
 * dev.switchboard.cost.CostLedger}) and reports over it ({@link dev.switchboard.cost.CostReport}).
 *
 * <p>Amounts are exact {@link java.math.BigDecimal}s: a price per million tokens times a token
 * count divided by a million is exact in decimal, so nothing is rounded until a person formats it.
 * Values are immutable and thread-safe.
 */
@NullMarked
package dev.switchboard.cost;

import org.jspecify.annotations.NullMarked;
