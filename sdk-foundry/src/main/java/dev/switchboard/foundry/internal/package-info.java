/** Foundry adapter machinery: the provider, URLs and dialects per family, auth and token caching. Not API. */
package dev.switchboard.foundry.internal;
