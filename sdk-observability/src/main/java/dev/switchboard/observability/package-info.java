/**
 * OpenTelemetry GenAI telemetry and a Micrometer bridge for Switchboard calls: see {@link
 * dev.switchboard.observability.SwitchboardTelemetry}.
 */
@NullMarked
package dev.switchboard.observability;

import org.jspecify.annotations.NullMarked;
