/**
 * Machinery behind {@link dev.switchboard.jdbc}: the per-process registry of HikariCP pools, the
 * advisory-locked schema creation and the config reader of the {@code jdbc:} block. Not API: may
 * change without notice.
 */
package dev.switchboard.jdbc.internal;
