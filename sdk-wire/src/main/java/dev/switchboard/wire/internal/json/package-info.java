/**
 * The Jackson setup for wire bodies.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.json;
