/**
 * Foundry adapter machinery: the provider, auth and token caching; per-family protocols in {@code
 * .protocol}. Not API.
 */
package dev.switchboard.foundry.internal;
