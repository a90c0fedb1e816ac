package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every failure class of the tool: its exit code, its one line on stderr, and with {@code --json}
 * its one JSON document on stdout (schemaVersion, type, stable code, retryable, provider, model,
 * request id, HTTP status).
 */
class CliErrorsAndExitCodesTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Result(int code, String out, String err) {
    JsonNode error() throws Exception {
      JsonNode doc = JSON.readTree(out);
      assertThat(doc.path("schemaVersion").asInt()).isEqualTo(1);
      return doc.path("error");
    }
  }

  private static Result run(String... args) {
    CliRun r = CliRun.of(args);
    return new Result(r.code(), r.out(), r.err());
  }

  private static Path config(Path dir, String yaml) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void aRetryableFailureIsExit5AndJsonCarriesProviderModelStatusAndRetryable(@TempDir Path dir)
      throws Exception {
    Path c =
        config(
            dir,
            """
            providers:
              m: { type: mock, replies: [ { fault: unavailable } ] }
            models:
              a: { provider: m, model: x }
            resilience:
              retry: { max-attempts: 2, initial-backoff: 1ms, max-backoff: 2ms }
            """);
    Result r = run("chat", "--json", "--config", c.toString(), "Summarize: Jane Roe");
    assertThat(r.code()).isEqualTo(5);
    JsonNode e = r.error();
    assertThat(e.path("type").asText()).isEqualTo("ServiceUnavailableException");
    assertThat(e.path("code").asText()).isEqualTo("service_unavailable");
    assertThat(e.path("retryable").asBoolean()).isTrue();
    assertThat(e.path("exitCode").asInt()).isEqualTo(5);
    assertThat(e.path("provider").asText()).isEqualTo("m");
    assertThat(e.path("model").asText()).isEqualTo("x");
    assertThat(e.path("httpStatus").asInt()).isEqualTo(503);
    assertThat(e.has("requestId")).isTrue();
    assertThat(r.out()).doesNotContain("Jane");
    assertThat(r.out().strip().lines()).as("one JSON document").hasSize(1);
    // progress for the retry went to stderr, never into the JSON
    assertThat(r.err())
        .contains("switchboard: attempt 1 at m/x failed (ServiceUnavailableException, status 503)")
        .contains("retrying in")
        .contains("switchboard: attempt 2: trying m/x");
  }

  @Test
  void aNonRetryableFailureIsExit1(@TempDir Path dir) throws Exception {
    Path c =
        config(
            dir,
            """
            providers:
              m: { type: mock, replies: [ { fault: authentication } ] }
            models:
              a: { provider: m, model: x }
            """);
    Result r = run("chat", "--json", "--config", c.toString(), "hello");
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    JsonNode e = r.error();
    assertThat(e.path("code").asText()).isEqualTo("authentication_failed");
    assertThat(e.path("retryable").asBoolean()).isFalse();
    assertThat(e.path("httpStatus").asInt()).isEqualTo(401);
  }

  @Test
  void retriesFlagBoundsTheAttempts(@TempDir Path dir) throws Exception {
    Path c =
        config(
            dir,
            """
            providers:
              m: { type: mock, replies: [ { fault: unavailable }, { fault: unavailable }, { fault: unavailable } ] }
            models:
              a: { provider: m, model: x }
            resilience:
              retry: { max-attempts: 3, initial-backoff: 1ms, max-backoff: 2ms }
            """);
    Result none = run("chat", "--retries", "0", "--config", c.toString(), "hello");
    assertThat(none.code()).isEqualTo(5);
    assertThat(none.err()).contains("no retry at this target").doesNotContain("attempt 2");
    assertThat(run("chat", "--retries", "-1", "hello").err())
        .contains("--retries -1: must be between 0 and 20");
  }

  @Test
  void timeoutFlagIsValidatedAndApplied() {
    Result bad = run("chat", "--json", "--timeout", "soon", "hello");
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err()).contains("--timeout soon: must be a duration such as 500ms, 30s or 2m");
    assertThat(run("chat", "--timeout", "30s", "hello").code()).isZero();
  }

  @Test
  void aPolicyRefusalIsExit3WithTheRefusalCode(@TempDir Path dir) throws Exception {
    // the demo config (builtin policy) copied, so that its audit file lands in the temp dir
    Path copy = dir.resolve("switchboard.yaml");
    Files.copy(Path.of("compliance-demo/switchboard.yaml"), copy);
    Result r =
        run(
            "chat",
            "--json",
            "--config",
            copy.toString(),
            "--data-class",
            "PHI",
            "--purpose",
            "TREAT",
            "--sensitivity",
            "PSYTHPN",
            "session notes");
    assertThat(r.code()).as(r.err()).isEqualTo(3);
    JsonNode e = r.error();
    assertThat(e.path("code").asText()).isEqualTo("policy_refused");
    assertThat(e.path("refusal").asText()).isEqualTo("PSYCHOTHERAPY_NOTES_EXCLUDED");
    assertThat(e.path("ruleId").asText()).isNotBlank();
  }

  @Test
  void aBudgetRefusalIsExit4(@TempDir Path dir) throws Exception {
    Path c =
        config(
            dir,
            """
            providers:
              mock: { type: mock }
            models:
              assistant: { provider: mock, model: mock-chat-1 }
            pricing:
              overrides: [ { provider: mock, model: "*", input-per-million: 1000, output-per-million: 1000 } ]
            budgets:
              - { name: tiny, limit: 0.0001, period: month, mode: hard }
            """);
    Result r = run("chat", "--json", "--config", c.toString(), "--max-tokens", "100", "hello");
    assertThat(r.code()).as(r.err()).isEqualTo(4);
    JsonNode e = r.error();
    assertThat(e.path("code").asText()).isEqualTo("budget_exceeded");
    assertThat(e.path("budget").asText()).isEqualTo("tiny");
  }

  @Test
  void usageErrorsAreExit2AndJsonWhenAsked(@TempDir Path dir) throws Exception {
    Result unknownFlag = run("chat", "--json", "--colour", "hello");
    assertThat(unknownFlag.code()).isEqualTo(2);
    assertThat(unknownFlag.error().path("code").asText()).isEqualTo("usage");
    assertThat(unknownFlag.err()).contains("--colour");

    Result missingConfig =
        run("chat", "--json", "--config", dir.resolve("nope.yaml").toString(), "x");
    assertThat(missingConfig.code()).isEqualTo(2);
    assertThat(missingConfig.error().path("message").asText())
        .startsWith("--config ")
        .endsWith("nope.yaml: no such file");

    Result missingAudit = run("audit", "verify", "--file", dir.resolve("a.jsonl").toString());
    assertThat(missingAudit.code()).isEqualTo(2);
    assertThat(missingAudit.err()).contains("--file ").contains("a.jsonl: no such file");
    assertThat(run("config", "check", dir.resolve("c.yaml").toString()).code()).isEqualTo(2);
  }

  @Test
  void anInvalidConfigIsExit2WithEveryProblemInTheJson(@TempDir Path dir) throws Exception {
    Path c =
        config(
            dir,
            """
            providers:
              m: { typ: mock }
            models:
              a: { provider: m, model: x, wieght: 1 }
            """);
    Result r = run("config", "check", "--json", c.toString());
    assertThat(r.code()).isEqualTo(2);
    JsonNode e = r.error();
    assertThat(e.path("code").asText()).isEqualTo("config_invalid");
    assertThat(e.path("problems").toString())
        .contains("'typ' looks like a misspelt 'type'")
        .contains("models.a.wieght: unknown key; did you mean 'weight'?");
  }

  @Test
  void anInvalidPolicyNamedByTheConfigCarriesPolicyInvalidWithPathAndLine(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("policy.yaml"),
        "version: 1\nrules:\n- {id: x, when: {dataClass: [PHX]}, obligations: [REDACT]}\n");
    Path c =
        config(
            dir,
            """
            providers:
              m: { type: mock }
            models:
              a: { provider: m, model: x }
            compliance: { policy: policy.yaml, audit-key: "0123456789abcdef0123456789abcdef" }
            audit: { type: file, path: audit.jsonl }
            """);
    Result r = run("config", "check", "--json", c.toString());
    assertThat(r.code()).isEqualTo(2);
    JsonNode e = r.error();
    assertThat(e.path("code").asText()).isEqualTo("config_invalid");
    assertThat(e.path("documentCode").asText()).isEqualTo("POLICY_INVALID");
    assertThat(e.path("problems").toString())
        .contains("compliance.policy: POLICY_INVALID rules[0].when.dataClass[0] (line 3:30): ");
  }

  @Test
  void flagErrorsNameTheFlagAndValue() {
    Result sensitivity = run("chat", "--data-class", "PHI", "--sensitivity", "PSYCH", "x");
    assertThat(sensitivity.code()).isEqualTo(2);
    assertThat(sensitivity.err())
        .contains("--sensitivity PSYCH: not a known HL7 sensitivity code; valid codes: ")
        .contains("PSY, PSYTHPN");
    assertThat(run("chat", "--max-tokens", "0", "x").err())
        .contains("--max-tokens 0: must be at least 1");
    assertThat(run("embed", "--dimensions", "0", "x").err()).contains("--dimensions 0: ");
  }

  @Test
  void everyJsonDocumentCarriesTheSchemaVersion(@TempDir Path dir) throws Exception {
    Path c =
        config(dir, "providers:\n  m: { type: mock }\nmodels:\n  a: { provider: m, model: x }\n");
    for (String[] args :
        new String[][] {
          {"chat", "--json", "hello"},
          {"embed", "--json", "hello"},
          {"models", "--json", "--offline"},
          {"config", "check", "--json", c.toString()}
        }) {
      Result r = run(args);
      assertThat(r.code()).as(String.join(" ", args) + ": " + r.err()).isZero();
      assertThat(JSON.readTree(r.out()).path("schemaVersion").asInt())
          .as(String.join(" ", args))
          .isEqualTo(1);
    }
  }

  @Test
  void embedUsesTheConfigsEmbeddingModelByDefault() throws Exception {
    Result r = run("embed", "--json", "chest pain");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode doc = JSON.readTree(r.out());
    assertThat(doc.path("logicalModel").asText()).isEqualTo("embeddings");
    assertThat(doc.path("model").asText()).isEqualTo("mock-embed-1");
  }
}
