/**
 * Test support for adapter authors: the provider contract suite, WireMock helpers and the vendors'
 * official API specs (under {@code /specs} on the class path, unmodified copies; see {@code
 * specs/README.md}).
 */
@NullMarked
package dev.switchboard.testkit;

import org.jspecify.annotations.NullMarked;
