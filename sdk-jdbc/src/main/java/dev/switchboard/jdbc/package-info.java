/**
 * The one PostgreSQL database that many Switchboard instances share: {@link
 * dev.switchboard.jdbc.JdbcSettings} (the config's {@code jdbc:} block) and {@link
 * dev.switchboard.jdbc.SharedDatabase} (a pooled or application-given {@link javax.sql.DataSource},
 * the schema and table prefix, and schema creation that is safe when many instances start at once).
 * The JDBC ledger, budget store and audit trail all take a {@code SharedDatabase}, so one process
 * holds one connection pool per database however many of them it uses.
 */
@NullMarked
package dev.switchboard.jdbc;

import org.jspecify.annotations.NullMarked;
