package dev.switchboard.examples.cli;

import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ConfigException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ResponseTooLargeException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.error.UnknownPriceException;
import dev.switchboard.error.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * What went wrong, classified once for both outputs: the one line on stderr and, with {@code
 * --json}, the one JSON document on stdout. The {@code code} values are stable: scripts may switch
 * on them; the messages are for people and may change.
 *
 * @param exitCode the process exit code (see {@link ExitCodes})
 * @param type the exception's simple class name, or {@code UsageError}
 * @param code a stable snake_case code
 * @param message what went wrong; never prompt text, keys or tokens
 * @param retryable whether trying again later may succeed
 * @param provider the provider that failed, or null
 * @param model the model that failed, or null
 * @param requestId the provider's request id, or null
 * @param httpStatus the HTTP status, or null when there was no response
 * @param problems each problem of an invalid config, else empty
 * @param details code-specific fields (the refusal code and rule of a policy refusal, the budget of
 *     a budget refusal)
 */
record Failure(
    int exitCode,
    String type,
    String code,
    String message,
    boolean retryable,
    String provider,
    String model,
    String requestId,
    Integer httpStatus,
    List<String> problems,
    Map<String, Object> details) {

  /** Classifies a failure of a command. */
  static Failure of(Throwable e) {
    if (e instanceof CommandLine.ParameterException || e instanceof UsageError) {
      return usage(e.getMessage());
    }
    if (e instanceof ConfigException c) {
      return new Failure(
          ExitCodes.USAGE,
          "ConfigException",
          "config_invalid",
          "invalid config " + c.getMessage().lines().findFirst().orElse(""),
          false,
          null,
          null,
          null,
          null,
          List.copyOf(c.problems()),
          // The code of an invalid document the config names (POLICY_INVALID), so a script can
          // tell a bad policy from a config typo.
          c.code().<Map<String, Object>>map(code -> Map.of("documentCode", code)).orElse(Map.of()));
    }
    if (e instanceof SwitchboardException s) return call(s);
    if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
      return usage(e.getMessage());
    }
    return new Failure(
        ExitCodes.FAILED,
        e.getClass().getSimpleName(),
        "internal_error",
        "unexpected error (" + e.getClass().getName() + "); run with -v for details",
        false,
        null,
        null,
        null,
        null,
        List.of(),
        Map.of());
  }

  static Failure usage(String message) {
    return new Failure(
        ExitCodes.USAGE,
        "UsageError",
        "usage",
        message,
        false,
        null,
        null,
        null,
        null,
        List.of(),
        Map.of());
  }

  private static Failure call(SwitchboardException s) {
    Map<String, Object> details = new LinkedHashMap<>();
    int exit = s.retryable() ? ExitCodes.RETRYABLE : ExitCodes.FAILED;
    String code;
    if (s instanceof ComplianceViolationException c) {
      exit = ExitCodes.POLICY_REFUSED;
      code = "policy_refused";
      details.put("refusal", c.code().name());
      details.put("ruleId", c.ruleId());
      details.put("auditEventId", c.auditEventId().orElse(null));
      details.put("policyHash", c.policyHash().orElse(null));
      details.put("hint", c.hint());
      details.put("excludedProviders", Compliance.exclusions(c.exclusions()));
    } else if (s instanceof BudgetExceededException b) {
      exit = ExitCodes.BUDGET_REFUSED;
      code = "budget_exceeded";
      details.put("budget", b.budgetName());
      details.put("period", b.periodKey());
      details.put("limit", b.limit().toPlainString());
    } else if (s instanceof UnknownPriceException) {
      exit = ExitCodes.BUDGET_REFUSED;
      code = "unknown_price";
    } else if (s instanceof ContentFilteredException f) {
      code = "content_filtered";
      details.put("refusal", f.code());
      details.put("categories", new java.util.TreeSet<>(f.categories()));
    } else if (s instanceof CallNotPermittedException n) {
      code = "call_not_permitted";
      details.put("reason", n.reason().name());
    } else {
      code = code(s);
    }
    int status = s.context().statusCode();
    return new Failure(
        exit,
        s.getClass().getSimpleName(),
        code,
        "call failed: " + s.getMessage(),
        s.retryable(),
        s.provider().orElse(null),
        s.model().orElse(null),
        s.requestId().orElse(null),
        status == 0 ? null : status,
        List.of(),
        details);
  }

  /** Subclasses first: the most specific class decides. */
  private static String code(SwitchboardException s) {
    if (s instanceof AuthenticationException) return "authentication_failed";
    if (s instanceof ContentFilteredException) return "content_filtered";
    if (s instanceof InvalidRequestException) return "invalid_request";
    if (s instanceof RateLimitedException) return "rate_limited";
    if (s instanceof ServiceUnavailableException) return "service_unavailable";
    if (s instanceof ServiceException) return "service_error";
    if (s instanceof CallTimeoutException) return "timeout";
    if (s instanceof TransportException) return "transport_error";
    if (s instanceof StreamInterruptedException) return "stream_interrupted";
    if (s instanceof ResponseTooLargeException) return "response_too_large";
    if (s instanceof DecodingException) return "decoding_error";
    if (s instanceof UnsupportedCapabilityException) return "unsupported_capability";
    return "call_failed";
  }

  /** The stderr form: one line, then one indented line per config problem. */
  List<String> lines() {
    List<String> out = new ArrayList<>();
    out.add("switchboard: " + message);
    problems.forEach(p -> out.add("  " + p));
    return out;
  }

  /** The {@code --json} form. */
  Map<String, Object> json() {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("type", type);
    error.put("code", code);
    error.put("message", message);
    error.put("retryable", retryable);
    error.put("exitCode", exitCode);
    error.put("provider", provider);
    error.put("model", model);
    error.put("requestId", requestId);
    error.put("httpStatus", httpStatus);
    error.put("problems", problems);
    error.putAll(details);
    Map<String, Object> out = Json.document();
    out.put("error", error);
    return out;
  }
}
