/**
 * The Microsoft Foundry adapter (config {@code type: foundry}): its configuration, API families,
 * and auth, including the {@link dev.switchboard.foundry.TokenCredential} hook for Entra ID tokens.
 * See the module README for config keys.
 */
@NullMarked
package dev.switchboard.foundry;

import org.jspecify.annotations.NullMarked;
