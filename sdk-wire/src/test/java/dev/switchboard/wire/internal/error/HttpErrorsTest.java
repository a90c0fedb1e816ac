package dev.switchboard.wire.internal.error;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.wire.internal.json.WireJson;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import okhttp3.Headers;
import org.junit.jupiter.api.Test;

class HttpErrorsTest {
  private static final ErrorContext WHERE = ErrorContext.of("foundry-us", "gpt-4o-prod");
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2025-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final String SECRET_TEXT = "Patient John Canary-4711";

  private static SwitchboardException map(int status, String body) {
    return map(status, Headers.of(), body);
  }

  private static SwitchboardException map(int status, Headers headers, String body) {
    return HttpErrors.map(
        status, headers, "application/json", body.getBytes(StandardCharsets.UTF_8), WHERE, CLOCK);
  }

  @Test
  void contentFilterWithInnererrorAndSingularResultGivesCategories() {
    String body =
        "{\"error\":{\"message\":\""
            + SECRET_TEXT
            + "\",\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\","
            + "\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\",\"content_filter_result\":{"
            + "\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":{\"filtered\":true,\"detected\":true},"
            + "\"violence\":{\"filtered\":true,\"severity\":\"medium\"}}}}}";
    SwitchboardException e = map(400, body);
    assertThat(e).isInstanceOf(ContentFilteredException.class);
    assertThat(((ContentFilteredException) e).categories())
        .containsExactlyInAnyOrder("jailbreak", "violence");
    assertThat(e.retryable()).isFalse();
    assertThat(e.getMessage())
        .doesNotContain(SECRET_TEXT)
        .contains("status=400")
        .contains("code=content_filter");
  }

  @Test
  void contentFilterWithOlderInnerErrorSpelling() {
    String body =
        "{\"error\":{\"code\":\"content_filter\",\"message\":\"x\",\"inner_error\":{\"code\":\"ResponsibleAIPolicyViolation\","
            + "\"content_filter_results\":{\"sexual\":{\"filtered\":true,\"severity\":\"high\"}}}}}";
    assertThat(((ContentFilteredException) map(400, body)).categories()).containsExactly("sexual");
  }

  @Test
  void contentFilterWithoutInnerObjectStillMapped() {
    SwitchboardException e =
        map(400, "{\"error\":{\"code\":\"content_filter\",\"message\":\"x\"}}");
    assertThat(e).isInstanceOf(ContentFilteredException.class);
    assertThat(((ContentFilteredException) e).categories()).isEmpty();
  }

  @Test
  void unauthorizedAndForbiddenAreAuthentication() {
    assertThat(map(401, "{\"error\":{\"code\":\"401\",\"message\":\"Access denied\"}}"))
        .isInstanceOf(AuthenticationException.class);
    assertThat(map(403, "{\"error\":{\"code\":\"PermissionDenied\",\"message\":\"x\"}}"))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("PermissionDenied");
  }

  @Test
  void deploymentNotFoundNamesTheDeployment() {
    SwitchboardException e =
        map(
            404,
            "{\"error\":{\"code\":\"DeploymentNotFound\",\"message\":\"The API deployment for this resource does not exist.\"}}");
    assertThat(e)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("deployment 'gpt-4o-prod'");
    assertThat(e.retryable()).isFalse();
  }

  @Test
  void rateLimitPrefersRetryAfterMs() {
    Headers h =
        Headers.of("retry-after-ms", "1500", "retry-after", "9", "apim-request-id", "apim-1");
    SwitchboardException e =
        map(
            429,
            h,
            "{\"error\":{\"code\":\"429\",\"message\":\"Please retry after 20 seconds.\"}}");
    assertThat(e).isInstanceOf(RateLimitedException.class);
    assertThat(e.retryable()).isTrue();
    assertThat(((ServiceException) e).retryAfter()).contains(Duration.ofMillis(1500));
    assertThat(e.requestId()).contains("apim-1");
  }

  @Test
  void rateLimitReadsRetryAfterSecondsThenHttpDateThenMessage() {
    assertThat(((ServiceException) map(429, Headers.of("retry-after", "7"), "{}")).retryAfter())
        .contains(Duration.ofSeconds(7));
    assertThat(
            ((ServiceException)
                    map(429, Headers.of("retry-after", "Wed, 01 Jan 2025 00:00:30 GMT"), "{}"))
                .retryAfter())
        .contains(Duration.ofSeconds(30));
    assertThat(
            ((ServiceException)
                    map(
                        429,
                        "{\"error\":{\"code\":\"429\",\"message\":\"Please retry after 12 seconds.\"}}"))
                .retryAfter())
        .contains(Duration.ofSeconds(12));
  }

  @Test
  void requestTimeoutAndServerErrorsAreRetryable() {
    SwitchboardException timeout = map(408, "{}");
    assertThat(timeout.retryable()).isTrue();
    for (int status : new int[] {500, 502, 503, 504, 529}) {
      SwitchboardException e =
          map(
              status,
              "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");
      assertThat(e).isInstanceOf(ServiceUnavailableException.class);
      assertThat(e.retryable()).isTrue();
    }
  }

  @Test
  void anthropicEnvelopeGivesTypeAsCodeAndBodyRequestId() {
    SwitchboardException e =
        map(
            400,
            "{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\""
                + SECRET_TEXT
                + "\"},\"request_id\":\"req_011\"}");
    assertThat(e).isInstanceOf(InvalidRequestException.class);
    assertThat(e.requestId()).contains("req_011");
    assertThat(e.getMessage()).contains("invalid_request_error").doesNotContain(SECRET_TEXT);
  }

  @Test
  void azureCoreShapeUsesCodeAndInnerCode() {
    SwitchboardException e =
        map(
            422,
            "{\"error\":{\"code\":\"ValidationError\",\"message\":\"extra\",\"details\":[],"
                + "\"innererror\":{\"code\":\"UnsupportedParameter\"}}}");
    assertThat(e)
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("ValidationError");
  }

  @Test
  void integerCodesFlatVllmPlainStringAndTgiBodies() {
    assertThat(
            map(
                400,
                "{\"error\":{\"message\":\""
                    + SECRET_TEXT
                    + "\",\"type\":\"BadRequestError\",\"param\":null,\"code\":400}}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining(SECRET_TEXT)
        .hasMessageContaining("code=400");
    assertThat(
            map(
                404,
                "{\"object\":\"error\",\"message\":\"The model does not exist.\",\"type\":\"NotFoundError\",\"code\":404}"))
        .isInstanceOf(InvalidRequestException.class);
    assertThat(map(404, "{\"error\":\"model 'llama3' not found\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageNotContaining("llama3");
    assertThat(map(429, "{\"error\":\"Model is overloaded\",\"error_type\":\"overloaded\"}"))
        .isInstanceOf(RateLimitedException.class)
        .hasMessageContaining("overloaded");
  }

  @Test
  void nonJsonBodyStillGivesAClearMessage() {
    SwitchboardException e =
        HttpErrors.map(
            502,
            Headers.of(),
            "text/html",
            "<html>Bad Gateway</html>".getBytes(StandardCharsets.UTF_8),
            WHERE,
            CLOCK);
    assertThat(e)
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("not JSON")
        .hasMessageContaining("text/html")
        .hasMessageContaining("status=502");
  }

  @Test
  void codesThatAreSentencesAreDropped() {
    SwitchboardException e =
        map(400, "{\"error\":{\"code\":\"" + SECRET_TEXT + "\",\"message\":\"x\"}}");
    assertThat(e.getMessage()).doesNotContain("Canary");
  }

  @Test
  void streamErrorEventsMapByType() throws Exception {
    SwitchboardException overloaded =
        HttpErrors.fromStreamEvent(
            WireJson.parse(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"),
            WHERE);
    assertThat(overloaded).isInstanceOf(ServiceUnavailableException.class);
    SwitchboardException vllm =
        HttpErrors.fromStreamEvent(
            WireJson.parse(
                "{\"error\":{\"message\":\"x\",\"type\":\"BadRequestError\",\"code\":400}}"),
            WHERE);
    assertThat(vllm).isInstanceOf(InvalidRequestException.class);
    SwitchboardException unknown =
        HttpErrors.fromStreamEvent(WireJson.parse("{\"error\":\"weird\"}"), WHERE);
    assertThat(unknown).isInstanceOf(ServiceException.class).hasMessageNotContaining("weird");
  }

  @Test
  void tgiGenerationFailureIsRetryableAndValidationIsNot() {
    assertThat(
            map(
                424,
                "{\"error\":\"Request failed during generation: "
                    + SECRET_TEXT
                    + "\",\"error_type\":\"generation\"}"))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageNotContaining(SECRET_TEXT)
        .satisfies(e -> assertThat(e.retryable()).isTrue());
    assertThat(
            map(
                422,
                "{\"error\":\"Input validation error: `inputs` tokens + `max_new_tokens` must be <= 4096\","
                    + "\"error_type\":\"validation\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .satisfies(e -> assertThat(e.retryable()).isFalse());
  }
}
