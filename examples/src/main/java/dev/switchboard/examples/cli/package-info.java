/**
 * The {@code switchboard} command-line tool: chat, embed, list models and check config, against any
 * configured provider or the bundled mock.
 */
package dev.switchboard.examples.cli;
