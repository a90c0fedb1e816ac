package dev.switchboard.wire.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The one rule for credentials over plain http. */
class CleartextTest {
  @Test
  void aCredentialOverPlainHttpToAnotherHostIsAProblem() {
    assertThat(
            Cleartext.problem(
                URI.create("http://gpu02.hospital.internal:8000"), "an api-key", false))
        .contains(
            "plain http to a non-loopback host with an api-key; use https or set"
                + " allow-insecure-http: true");
    assertThat(Cleartext.problem(URI.create("http://10.0.0.7"), "an identity-header", false))
        .isPresent();
  }

  @Test
  void httpsLoopbackNoCredentialOrAnExplicitAllowanceAreFine() {
    assertThat(Cleartext.problem(URI.create("https://gpu02:8000"), "an api-key", false)).isEmpty();
    assertThat(Cleartext.problem(URI.create("http://127.0.0.1:8000"), "an api-key", false))
        .isEmpty();
    assertThat(Cleartext.problem(URI.create("http://[::1]:8000"), "an api-key", false)).isEmpty();
    assertThat(Cleartext.problem(URI.create("http://localhost:8000"), "an api-key", false))
        .isEmpty();
    assertThat(Cleartext.problem(URI.create("http://gpu02:8000"), null, false)).isEmpty();
    assertThat(Cleartext.problem(URI.create("http://gpu02:8000"), "an api-key", true)).isEmpty();
  }

  @Test
  void onlyLiteralsAreLoopbackOrLinkLocal() {
    assertThat(Cleartext.isLoopback("127.0.0.2")).isTrue();
    assertThat(Cleartext.isLoopback("localhost.evil.example")).isFalse();
    assertThat(Cleartext.isLinkLocal("169.254.169.254")).isTrue();
    assertThat(Cleartext.isLinkLocal("10.0.0.1")).isFalse();
  }
}
