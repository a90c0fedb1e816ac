/**
 * Machinery the local adapters share: the server endpoint and its failures, capability discovery.
 * Not API.
 */
package dev.switchboard.local.internal;
