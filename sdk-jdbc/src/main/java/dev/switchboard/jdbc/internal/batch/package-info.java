/**
 * The group commit that the JDBC ledger (sdk-cost) and the JDBC audit trail (sdk-compliance) write
 * through. A package of its own so that it alone is exported to those two modules (see the
 * architecture tests' {@code InternalPackagesTest}), not the rest of sdk-jdbc's internals. Not API:
 * may change without notice.
 */
package dev.switchboard.jdbc.internal.batch;
