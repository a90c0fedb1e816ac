/** The telemetry's machinery: not API. */
@NullMarked
package dev.switchboard.observability.internal;

import org.jspecify.annotations.NullMarked;
