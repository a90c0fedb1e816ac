/** Embedding requests and responses. */
@NullMarked
package dev.switchboard.embedding;

import org.jspecify.annotations.NullMarked;
