/**
 * Machinery behind {@link dev.switchboard.jdbc}: the per-process registry of HikariCP pools, the
 * advisory-locked schema creation, the config reader of the {@code jdbc:} block, and the group
 * commit that the JDBC ledger (sdk-cost) and the JDBC audit trail (sdk-compliance) write through,
 * the two modules this package is exported to (see the architecture tests' {@code
 * InternalPackagesTest}). Not API: may change without notice.
 */
package dev.switchboard.jdbc.internal;
