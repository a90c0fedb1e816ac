/** The Anthropic Messages API dialect for Claude on Foundry: request, response, stream. Not API. */
package dev.switchboard.foundry.internal.anthropic;
