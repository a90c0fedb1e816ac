package dev.switchboard.foundry.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.FoundryAuth;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.foundry.TokenCredential;
import dev.switchboard.foundry.internal.protocol.FoundryProtocol;
import dev.switchboard.foundry.internal.protocol.FoundryProtocols;
import java.net.Proxy;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/** Turns a {@link FoundryAuth} into an {@link Authenticator} for one provider. */
public final class Auths {
  private Auths() {}

  /**
   * The authenticator for a provider, with its family's defaults from a protocol made for the
   * purpose.
   */
  public static Authenticator create(
      FoundryConfig config,
      String providerId,
      OkHttpClient http,
      Clock clock,
      Function<String, String> env,
      Duration retryBackoff) {
    return create(
        config, FoundryProtocols.create(config), providerId, http, clock, env, retryBackoff);
  }

  /**
   * The authenticator for a provider. What the config leaves open comes from the family's protocol:
   * the header an API key goes in and the scope tokens are asked for.
   *
   * @param http the provider's client (its pool is shared; IMDS calls bypass any proxy)
   * @param env environment lookup, for IDENTITY_ENDPOINT and IDENTITY_HEADER
   */
  public static Authenticator create(
      FoundryConfig config,
      FoundryProtocol protocol,
      String providerId,
      OkHttpClient http,
      Clock clock,
      Function<String, String> env,
      Duration retryBackoff) {
    FoundryAuth auth = config.auth();
    if (auth.kind() == FoundryAuth.Kind.API_KEY) {
      return new Authenticator.Key(
          auth.secret().orElseThrow(), auth.keyHeader().orElse(protocol.defaultKeyHeader()));
    }
    String scope = auth.scope().orElse(protocol.defaultScope());
    OkHttpClient tokenHttp =
        http.newBuilder()
            .connectTimeout(2, TimeUnit.SECONDS)
            .readTimeout(10, TimeUnit.SECONDS)
            .callTimeout(30, TimeUnit.SECONDS)
            .build();
    // Entra goes through the configured proxy like any internet call; identity endpoints are
    // host-local and must never be proxied (IMDS refuses proxied requests).
    if (auth.kind() == FoundryAuth.Kind.MANAGED_IDENTITY)
      tokenHttp = tokenHttp.newBuilder().proxy(Proxy.NO_PROXY).build();
    TokenEndpoint endpoint =
        new TokenEndpoint(tokenHttp, ErrorContext.of(providerId, null), clock, retryBackoff);
    TokenCredential credential = credential(auth, endpoint, env);
    boolean refreshable = auth.kind() != FoundryAuth.Kind.TOKEN;
    return new Authenticator.Bearer(
        new TokenCache(credential, scope, auth.refreshBefore(), clock), refreshable);
  }

  private static TokenCredential credential(
      FoundryAuth auth, TokenEndpoint endpoint, Function<String, String> env) {
    switch (auth.kind()) {
      case ENTRA:
        return new EntraClientCredential(
            endpoint,
            url(auth.authority().orElseThrow()),
            auth.tenantId().orElseThrow(),
            auth.clientId().orElseThrow(),
            auth.secret().orElseThrow());
      case MANAGED_IDENTITY:
        URI identity = auth.identityEndpoint().orElse(null);
        Secret header = auth.secret().orElse(null);
        if (identity == null
            && env.apply("IDENTITY_ENDPOINT") != null
            && env.apply("IDENTITY_HEADER") != null) {
          identity = URI.create(env.apply("IDENTITY_ENDPOINT"));
          header = Secret.of(env.apply("IDENTITY_HEADER"));
        }
        return new ManagedIdentityCredential(
            endpoint,
            auth.clientId().orElse(null),
            url(auth.imdsEndpoint().orElseThrow()),
            identity == null ? null : url(identity),
            header);
      case TOKEN:
        AccessToken fixed = new AccessToken(auth.secret().orElseThrow(), Instant.MAX);
        return scope -> fixed;
      case CREDENTIAL:
        return auth.credential().orElseGet(() -> instantiate(auth.credentialClass().orElseThrow()));
      default:
        throw new IllegalStateException("not a token kind: " + auth.kind());
    }
  }

  private static TokenCredential instantiate(String className) {
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      Class<?> type =
          Class.forName(className, true, loader != null ? loader : Auths.class.getClassLoader());
      return type.asSubclass(TokenCredential.class).getConstructor().newInstance();
    } catch (ReflectiveOperationException | ClassCastException | LinkageError e) {
      throw new IllegalStateException(
          "auth.class: cannot create a TokenCredential from "
              + className
              + " ("
              + e.getClass().getSimpleName()
              + "); it needs a public no-argument constructor",
          e);
    }
  }

  private static HttpUrl url(URI uri) {
    HttpUrl u = HttpUrl.parse(uri.toString());
    if (u == null)
      throw new IllegalArgumentException(
          "not an http(s) URL: " + uri.getScheme() + "://" + uri.getHost());
    return u;
  }
}
