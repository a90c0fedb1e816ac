/**
 * Cost machinery behind {@link dev.switchboard.cost}: the BUDGET and METERING stages and the engine
 * that wires them ({@link dev.switchboard.cost.internal.CostEngine}), exact pricing, token
 * estimates, the file and JDBC ledgers, the budget stores, config reading and report rendering. Not
 * API: may change without notice.
 */
package dev.switchboard.cost.internal;
