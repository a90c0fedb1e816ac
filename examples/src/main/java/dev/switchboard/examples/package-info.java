/** Runnable examples of the Switchboard Java API; each class has a {@code main}. */
package dev.switchboard.examples;
