/**
 * The entry point: {@link dev.switchboard.ModelClient}, its builder, routes, targets and timeouts.
 */
@NullMarked
package dev.switchboard;

import org.jspecify.annotations.NullMarked;
