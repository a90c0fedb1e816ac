/**
 * One protocol object per Foundry API family (openai-v1, azure-openai, model-inference, anthropic):
 * URLs, family headers, default auth shape, codec, stream reader and capabilities. {@link
 * dev.switchboard.foundry.internal.protocol.FoundryProtocols} is the only place the family enum is
 * looked at. Not API.
 */
package dev.switchboard.foundry.internal.protocol;
