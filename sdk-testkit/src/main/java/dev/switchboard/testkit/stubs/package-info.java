/**
 * Bodies shaped like the real servers' answers (whole, streamed, errors, model lists), for WireMock
 * stubs in adapter tests and in application tests that run against a loopback server.
 */
@NullMarked
package dev.switchboard.testkit.stubs;

import org.jspecify.annotations.NullMarked;
