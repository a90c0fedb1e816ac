/** A JUnit 5 extension that gives each test a {@code ModelClient} wired to a fresh mock. */
package dev.switchboard.mock.junit;
