/**
 * Conformance checks against the official API documents kept under {@code specs/} on the class
 * path.
 */
@NullMarked
package dev.switchboard.testkit.spec;

import org.jspecify.annotations.NullMarked;
