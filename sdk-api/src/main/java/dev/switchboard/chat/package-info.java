/**
 * Chat requests, responses and streams: the provider-neutral values every adapter maps to and from.
 * All values are immutable and thread-safe; nothing is null unless documented. {@code toString()}
 * never prints prompt text, tool arguments or images, only ids and sizes.
 */
@NullMarked
package dev.switchboard.chat;

import org.jspecify.annotations.NullMarked;
