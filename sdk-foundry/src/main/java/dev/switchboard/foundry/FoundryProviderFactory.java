package dev.switchboard.foundry;

import dev.switchboard.auth.Secret;
import dev.switchboard.foundry.internal.FoundryProvider;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.Cleartext;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * Creates Foundry providers from config sections of {@code type: foundry}; registered for {@link
 * java.util.ServiceLoader}. The keys are documented in the module's README.
 *
 * @since 0.1
 */
public final class FoundryProviderFactory implements ModelProviderFactory {
  private static final Set<String> APIS =
      Set.of("openai-v1", "azure-openai", "model-inference", "anthropic");
  private static final Set<String> AUTH_TYPES =
      Set.of("api-key", "entra", "managed-identity", "token", "credential");

  /** Needed by {@link java.util.ServiceLoader}. */
  public FoundryProviderFactory() {}

  @Override
  public String type() {
    return "foundry";
  }

  @Override
  public ProviderConfig parse(ProviderSettings s) {
    FoundryConfig.Builder b = FoundryConfig.builder();
    Optional<URI> endpoint = s.url("endpoint");
    if (!s.has("endpoint"))
      s.problem(
          "endpoint",
          "is required: the resource URL, such as https://contoso.services.ai.azure.com");
    endpoint.ifPresent(b::endpoint);
    s.oneOf("api", APIS).flatMap(FoundryApi::of).ifPresent(b::api);
    s.string("api-version").ifPresent(b::apiVersion);
    boolean insecure = s.bool("allow-insecure-http").orElse(false);
    b.allowInsecureHttp(insecure);
    boolean endpointOk = endpoint.isPresent();
    // every Foundry request carries a key or a token: the shared rule for credentials
    Optional<String> clear =
        Cleartext.problem(endpoint.orElse(null), "an api-key or token", insecure);
    if (clear.isPresent()) {
      s.problem("endpoint", clear.get());
      endpointOk = false;
    }
    b.limits(ResponseLimits.read(s));
    HttpTransport.readMaxConnections(s, b::maxConnections);
    s.bool("stream-usage").ifPresent(b::streamUsage);
    s.oneOf("max-tokens-field", Set.of("max_tokens", "max_completion_tokens"))
        .ifPresent(b::maxTokensField);
    s.oneOf("extra-parameters", Set.of("pass-through", "drop", "error"))
        .ifPresent(b::extraParameters);
    s.string("anthropic-version").ifPresent(b::anthropicVersion);
    s.integer("default-max-tokens")
        .ifPresent(
            n -> {
              if (n < 1) s.problem("default-max-tokens", "must be at least 1");
              else b.defaultMaxTokens(n);
            });
    b.anthropicBeta(s.stringList("anthropic-beta"));
    capabilities(s, b);
    Optional<ProviderSettings> auth = s.section("auth");
    if (auth.isEmpty()) {
      if (!s.has("auth"))
        s.problem(
            "auth",
            "is required: { type: api-key | entra | managed-identity | token | credential, ... }");
      return new Invalid();
    }
    FoundryAuth parsedAuth = AuthSettings.parse(auth.get(), insecure);
    if (parsedAuth == null) return new Invalid();
    b.auth(parsedAuth);
    try {
      return b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      String msg = String.valueOf(e.getMessage());
      boolean aboutEndpoint = msg.startsWith("FoundryConfig.endpoint");
      String key =
          aboutEndpoint
              ? "endpoint"
              : msg.startsWith("FoundryConfig.apiVersion") ? "api-version" : null;
      if (!aboutEndpoint || endpointOk) s.problem(key, msg.substring(msg.indexOf(':') + 1).trim());
      return new Invalid();
    }
  }

  private static void capabilities(ProviderSettings s, FoundryConfig.Builder b) {
    CapabilityOverride.readAll(s).forEach(b::capability);
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    if (!(config instanceof FoundryConfig fc)) {
      throw new IllegalArgumentException("config: not a FoundryConfig (" + config.type() + ")");
    }
    return FoundryProvider.create(id, fc);
  }

  /** Reads the {@code auth} section. */
  static final class AuthSettings {
    private AuthSettings() {}

    static FoundryAuth parse(ProviderSettings a, boolean insecure) {
      Optional<String> type = a.oneOf("type", AUTH_TYPES);
      if (type.isEmpty()) {
        if (!a.has("type"))
          a.problem("type", "is required: api-key, entra, managed-identity, token or credential");
        return null;
      }
      FoundryAuth auth =
          switch (type.get()) {
            case "api-key" -> apiKey(a);
            case "entra" -> entra(a);
            case "managed-identity" -> managedIdentity(a, insecure);
            case "token" -> required(a, "token").map(FoundryAuth::token).orElse(null);
            default -> credential(a);
          };
      Optional<String> scope = a.string("scope");
      Optional<Duration> refresh = a.duration("refresh-before");
      if (auth == null) return null;
      if (scope.isPresent()) auth = auth.withScope(scope.get());
      if (refresh.isPresent()) auth = auth.withRefreshBefore(refresh.get());
      return auth;
    }

    private static FoundryAuth apiKey(ProviderSettings a) {
      Optional<String> header = a.oneOf("header", Set.of("api-key", "x-api-key", "bearer"));
      FoundryAuth.KeyHeader h =
          header
              .map(
                  v ->
                      switch (v) {
                        case "x-api-key" -> FoundryAuth.KeyHeader.X_API_KEY;
                        case "bearer" -> FoundryAuth.KeyHeader.BEARER;
                        default -> FoundryAuth.KeyHeader.API_KEY;
                      })
              .orElse(null);
      return required(a, "key").map(k -> FoundryAuth.apiKey(k, h)).orElse(null);
    }

    private static FoundryAuth entra(ProviderSettings a) {
      String tenant = a.requiredString("tenant-id");
      String client = a.requiredString("client-id");
      Optional<Secret> secret = required(a, "client-secret");
      URI authority = secureUrl(a, "authority").orElse(null);
      if (tenant.isEmpty() || client.isEmpty() || secret.isEmpty()) return null;
      if (!tenant.matches("[A-Za-z0-9.-]{1,128}")) {
        a.problem("tenant-id", "must be a tenant GUID or domain name");
        return null;
      }
      return FoundryAuth.entra(authority, tenant, client, secret.get());
    }

    private static FoundryAuth managedIdentity(ProviderSettings a, boolean insecure) {
      String clientId = a.string("client-id").orElse(null);
      URI imds = a.url("imds-endpoint").orElse(null);
      URI identity = a.url("identity-endpoint").orElse(null);
      Secret header = a.secret("identity-header").orElse(null);
      Optional<String> clear = Cleartext.problem(identity, "an identity-header", insecure);
      if (clear.isPresent()) {
        a.problem("identity-endpoint", clear.get());
        return null;
      }
      // IMDS answers with a token; it serves only http, at a link-local address no one else sees
      if (imds != null && !Cleartext.isLinkLocal(imds.getHost())) {
        clear = Cleartext.problem(imds, "a managed-identity token", insecure);
        if (clear.isPresent()) {
          a.problem("imds-endpoint", clear.get());
          return null;
        }
      }
      if ((identity == null) != (header == null)) {
        a.problem(
            identity == null ? "identity-endpoint" : "identity-header",
            "identity-endpoint and identity-header go together (default: the IDENTITY_ENDPOINT and IDENTITY_HEADER variables)");
        return null;
      }
      return FoundryAuth.managedIdentity(clientId, imds, identity, header);
    }

    private static FoundryAuth credential(ProviderSettings a) {
      String cls = a.requiredString("class");
      if (cls.isEmpty()) return null;
      if (!cls.matches("[A-Za-z_$][A-Za-z0-9_$]*(\\.[A-Za-z_$][A-Za-z0-9_$]*)*")) {
        a.problem("class", "must be a fully qualified class name");
        return null;
      }
      return FoundryAuth.credentialClass(cls);
    }

    private static Optional<Secret> required(ProviderSettings a, String key) {
      Optional<Secret> s = a.secret(key);
      if (s.isEmpty() && !a.has(key)) a.problem(key, "is required");
      return s;
    }

    /** An identity endpoint gets tokens: https unless loopback. */
    private static Optional<URI> secureUrl(ProviderSettings a, String key) {
      Optional<URI> u = a.url(key);
      if (u.isPresent()
          && "http".equals(u.get().getScheme())
          && !Cleartext.isLoopback(u.get().getHost())) {
        a.problem(key, "must be https (http only for loopback hosts)");
        return Optional.empty();
      }
      return u;
    }
  }

  /** Stands in for a config with problems; the load fails before it is used. */
  private static final class Invalid implements ProviderConfig {
    @Override
    public String type() {
      return "foundry";
    }

    @Override
    public String describe() {
      return "foundry (invalid)";
    }
  }
}
