/**
 * The OkHttp transport shared by the HTTP adapters: one pool per provider, per-attempt timeouts and
 * deadline, request ids, error statuses mapped to the SDK's exceptions.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.http;
