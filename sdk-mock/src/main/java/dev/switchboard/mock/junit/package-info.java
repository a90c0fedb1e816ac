/** A JUnit 5 extension that gives each test a {@code ModelClient} wired to a fresh mock. */
@NullMarked
package dev.switchboard.mock.junit;

import org.jspecify.annotations.NullMarked;
