package dev.switchboard.foundry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FoundryProviderFactoryTest {

  private static SwitchboardConfig parse(String provider) {
    String yaml =
        "providers:\n  f:\n"
            + provider.indent(4)
            + "models:\n  m: { provider: f, model: gpt-4o }\n";
    return SwitchboardConfig.parse(yaml, "test.yaml", Map.<String, String>of()::get);
  }

  private static ConfigException problems(String provider) {
    try {
      parse(provider);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected config problems");
  }

  @Test
  void readsEveryKeyIntoTheConfig() {
    FoundryConfig c =
        (FoundryConfig)
            parse(
                    """
        type: foundry
        endpoint: https://contoso.services.ai.azure.com
        api: azure-openai
        api-version: 2025-04-01-preview
        stream-usage: true
        max-tokens-field: max_completion_tokens
        extra-parameters: drop
        anthropic-version: 2023-06-01
        default-max-tokens: 2048
        anthropic-beta: [a-1, b-2]
        capabilities:
          "*": { vision: false }
          gpt-4o: { vision: true, context-window: 128000 }
        auth: { type: managed-identity, client-id: uami-1, scope: "https://ai.azure.com/.default", refresh-before: 2m }
        """)
                .providers()
                .get("f");
    assertThat(c.api()).isEqualTo(FoundryApi.AZURE_OPENAI);
    assertThat(c.apiVersion()).contains("2025-04-01-preview");
    assertThat(c.streamUsage()).contains(true);
    assertThat(c.maxTokensField()).contains("max_completion_tokens");
    assertThat(c.extraParameters()).isEqualTo("drop");
    assertThat(c.defaultMaxTokens()).isEqualTo(2048);
    assertThat(c.anthropicBeta()).containsExactly("a-1", "b-2");
    assertThat(c.capabilities().get("gpt-4o").contextWindow()).isEqualTo(128000);
    assertThat(c.auth().kind()).isEqualTo(FoundryAuth.Kind.MANAGED_IDENTITY);
    assertThat(c.auth().clientId()).contains("uami-1");
    assertThat(c.auth().scope()).contains("https://ai.azure.com/.default");
    assertThat(c.auth().refreshBefore()).hasMinutes(2);
    assertThat(c.describe()).contains("azure-openai").doesNotContain("uami");
  }

  @Test
  void defaultsToOpenAiV1AndGaVersionForAzureOpenAi() {
    FoundryConfig v1 =
        (FoundryConfig)
            parse(
                    "type: foundry\nendpoint: https://x.openai.azure.com\nauth: { type: api-key, key: k }\n")
                .providers()
                .get("f");
    assertThat(v1.api()).isEqualTo(FoundryApi.OPENAI_V1);
    assertThat(v1.apiVersion()).isEmpty();
    FoundryConfig classic =
        (FoundryConfig)
            parse(
                    "type: foundry\nendpoint: https://x.openai.azure.com\napi: azure-openai\n"
                        + "auth: { type: api-key, key: k }\n")
                .providers()
                .get("f");
    assertThat(classic.apiVersion()).contains("2024-10-21");
  }

  @Test
  void reportsEveryProblemByPathWithoutEchoingSecrets() {
    ConfigException e =
        problems(
            """
        type: foundry
        endpoint: http://contoso.example.com
        api: bedrock
        colour: blue
        auth: { type: entra, client-id: app, client-secret: TopSecret-123 }
        """);
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.endpoint").contains("https"));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith("providers.f.api"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.colour").contains("unknown"));
    assertThat(e.problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.auth.tenant-id"));
    assertThat(e.getMessage()).doesNotContain("TopSecret");
  }

  @Test
  void authIsRequiredAndTypeChecked() {
    assertThat(problems("type: foundry\nendpoint: https://x.openai.azure.com\n").problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.auth"));
    assertThat(
            problems(
                    "type: foundry\nendpoint: https://x.openai.azure.com\nauth: { type: password }\n")
                .problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.auth.type"));
    assertThat(
            problems(
                    "type: foundry\nendpoint: https://x.openai.azure.com\nauth: { type: api-key }\n")
                .problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.auth.key"));
    assertThat(
            problems(
                    "type: foundry\nendpoint: https://x.openai.azure.com\n"
                        + "auth: { type: managed-identity, identity-endpoint: http://localhost:4141/msi/token }\n")
                .problems())
        .anySatisfy(p -> assertThat(p).startsWith("providers.f.auth.identity-header"));
  }

  @Test
  void credentialClassHookCreatesTheUsersCredential() {
    FoundryConfig c =
        (FoundryConfig)
            parse(
                    "type: foundry\nendpoint: https://x.services.ai.azure.com\napi: anthropic\n"
                        + "auth: { type: credential, class: dev.switchboard.foundry.FoundryProviderFactoryTest$FixedCredential }\n")
                .providers()
                .get("f");
    assertThat(c.auth().credentialClass())
        .contains("dev.switchboard.foundry.FoundryProviderFactoryTest$FixedCredential");
    try (var provider = new FoundryProviderFactory().create("f", c)) {
      assertThat(provider.capabilities("claude-sonnet-4-5").tools()).isTrue();
    }
    assertThatThrownBy(
            () ->
                new FoundryProviderFactory()
                    .create(
                        "f",
                        FoundryConfig.builder()
                            .endpoint(java.net.URI.create("https://x.services.ai.azure.com"))
                            .auth(FoundryAuth.credentialClass("no.such.Type"))
                            .build()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no.such.Type");
  }

  /** A credential for the class hook. */
  public static final class FixedCredential implements TokenCredential {
    @Override
    public AccessToken getToken(String scope) {
      return new AccessToken(
          dev.switchboard.auth.Secret.of("fixed"), java.time.Instant.now().plusSeconds(3600));
    }
  }

  @Test
  void credentialsNeverTravelInClearToAnotherHost() {
    String clear =
        "plain http to a non-loopback host with %s; use https or set allow-insecure-http: true";
    assertThat(
            problems(
                    """
        type: foundry
        endpoint: http://contoso.services.ai.azure.com
        auth: { type: api-key, key: k }
        """)
                .problems())
        .contains("providers.f.endpoint: " + clear.formatted("an api-key or token"));
    assertThat(
            problems(
                    """
        type: foundry
        endpoint: https://contoso.services.ai.azure.com
        auth: { type: managed-identity, identity-endpoint: "http://10.1.2.3:41000/msi/token", identity-header: h }
        """)
                .problems())
        .contains("providers.f.auth.identity-endpoint: " + clear.formatted("an identity-header"));
    assertThat(
            problems(
                    """
        type: foundry
        endpoint: https://contoso.services.ai.azure.com
        auth: { type: managed-identity, imds-endpoint: "http://metadata.hospital.internal/token" }
        """)
                .problems())
        .contains("providers.f.auth.imds-endpoint: " + clear.formatted("a managed-identity token"));
  }

  @Test
  void loopbackLinkLocalImdsOrAnExplicitAllowanceMayUseHttp() {
    assertThat(
            parse(
                    """
        type: foundry
        endpoint: https://contoso.services.ai.azure.com
        auth: { type: managed-identity, imds-endpoint: "http://169.254.169.254/metadata/identity/oauth2/token", identity-endpoint: "http://127.0.0.1:41000/msi/token", identity-header: h }
        """)
                .providers())
        .containsKey("f");
    assertThat(
            parse(
                    """
        type: foundry
        endpoint: http://sidecar.hospital.internal:8080
        allow-insecure-http: true
        auth: { type: managed-identity, identity-endpoint: "http://10.1.2.3:41000/msi/token", identity-header: h }
        limits: { max-response-bytes: 64MB }
        """)
                .providers())
        .hasEntrySatisfying(
            "f",
            c -> assertThat(((FoundryConfig) c).limits().maxResponseBytes()).isEqualTo(64L << 20));
  }
}
