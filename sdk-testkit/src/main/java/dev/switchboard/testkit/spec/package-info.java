/**
 * Conformance checks against the official API documents kept under {@code specs/} on the class path.
 */
package dev.switchboard.testkit.spec;
