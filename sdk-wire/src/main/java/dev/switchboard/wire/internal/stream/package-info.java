/**
 * The frame loop that turns a streamed body into a ChatEventSource.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.stream;
