/**
 * Error bodies in every vendor shape, mapped to the SDK's exception tree without the vendor's text.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.error;
