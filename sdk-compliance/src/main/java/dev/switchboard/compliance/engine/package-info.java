/**
 * Compliance and audit as one pipeline feature ({@link
 * dev.switchboard.compliance.engine.Compliance}), the entry point of the {@code
 * switchboard-compliance} module.
 */
package dev.switchboard.compliance.engine;
