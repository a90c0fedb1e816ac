package dev.switchboard.wire.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

/** Which response headers are kept, under which name, and which request id wins. */
class ResponseHeadersTest {
  @Test
  void metadataKeepsOnlyListedHeadersInAnyCaseByTheirLowerCaseNameInTheServersOrder() {
    Headers h =
        Headers.of(
            "Content-Type", "application/json", // 12 letters, as x-request-id
            "X-Ms-Region", "swedencentral",
            "Connection", "keep-alive", // 10 letters, as request-id
            "X-REQUEST-ID", " req-7 ",
            "Set-Cookie", "session=s3cret",
            "x-ratelimit-remaining-tokens", "9000");
    assertThat(ResponseHeaders.metadata(h))
        .containsExactly(
            Map.entry("x-ms-region", "swedencentral"),
            Map.entry("x-request-id", "req-7"),
            Map.entry("x-ratelimit-remaining-tokens", "9000"));
  }

  @Test
  void metadataKeepsTheFirstOfARepeatedHeaderSkipsBlanksAndCapsLongValues() {
    Headers h =
        Headers.of(
            "apim-request-id", "first",
            "APIM-Request-Id", "second",
            "x-ms-error-code", "  ",
            "azureml-model-session", "s".repeat(500));
    assertThat(ResponseHeaders.metadata(h))
        .containsOnlyKeys("apim-request-id", "azureml-model-session")
        .containsEntry("apim-request-id", "first")
        .hasEntrySatisfying("azureml-model-session", v -> assertThat(v).hasSize(200));
  }

  @Test
  void theRequestIdIsTheMostUsefulHeaderPresentWhateverTheServersOrder() {
    Headers h =
        Headers.of(
            "x-ms-client-request-id", "ours",
            "Request-Id", "backend",
            "X-Request-Id", "gateway-backend",
            "apim-request-id", "gateway");
    assertThat(ResponseHeaders.requestId(h)).isEqualTo("gateway");
    assertThat(ResponseHeaders.requestId(h.newBuilder().removeAll("apim-request-id").build()))
        .isEqualTo("gateway-backend");
    assertThat(ResponseHeaders.requestId(Headers.of("x-ms-client-request-id", " ours ")))
        .isEqualTo("ours");
    assertThat(ResponseHeaders.requestId(Headers.of("Content-Type", "text/plain"))).isNull();
  }

  @Test
  void aRepeatedRequestIdCountsByItsLastValueAndABlankOneGivesWayToTheNextHeader() {
    assertThat(ResponseHeaders.requestId(Headers.of("request-id", "a", "request-id", "b")))
        .isEqualTo("b");
    Headers blankLast =
        Headers.of("apim-request-id", "a", "apim-request-id", " ", "request-id", "backend");
    assertThat(ResponseHeaders.requestId(blankLast)).isEqualTo("backend");
  }
}
