/**
 * The SDK's one unchecked exception tree, rooted at {@link
 * dev.switchboard.error.SwitchboardException}. Messages name the provider, model, HTTP status and
 * request id; never prompt text, answers, keys or tokens. Decide on retries with {@link
 * dev.switchboard.error.SwitchboardException#retryable()}.
 */
@NullMarked
package dev.switchboard.error;

import org.jspecify.annotations.NullMarked;
