/** Embedding requests and responses. */
package dev.switchboard.embedding;
