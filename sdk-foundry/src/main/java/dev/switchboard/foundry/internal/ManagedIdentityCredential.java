package dev.switchboard.foundry.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.TokenCredential;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Managed identity tokens: from App Service / Functions / Container Apps' IDENTITY_ENDPOINT (with
 * the {@code X-IDENTITY-HEADER} secret) when configured, else from the Instance Metadata Service
 * (with {@code Metadata: true}). Both take a resource, the scope without {@code /.default}.
 * Thread-safe.
 */
public final class ManagedIdentityCredential implements TokenCredential {
  private final TokenEndpoint endpoint;
  private final String clientId;
  private final HttpUrl imds;
  private final HttpUrl identityEndpoint;
  private final Secret identityHeader;

  ManagedIdentityCredential(
      TokenEndpoint endpoint,
      String clientId,
      HttpUrl imds,
      HttpUrl identityEndpoint,
      Secret identityHeader) {
    this.endpoint = endpoint;
    this.clientId = clientId;
    this.imds = imds;
    this.identityEndpoint = identityEndpoint;
    this.identityHeader = identityHeader;
  }

  @Override
  public AccessToken getToken(String scope) {
    String resource =
        scope.endsWith("/.default")
            ? scope.substring(0, scope.length() - "/.default".length())
            : scope;
    if (identityEndpoint != null) {
      HttpUrl.Builder url =
          identityEndpoint
              .newBuilder()
              .addQueryParameter("resource", resource)
              .addQueryParameter("api-version", "2019-08-01");
      if (clientId != null) url.addQueryParameter("client_id", clientId);
      Request r =
          new Request.Builder()
              .url(url.build())
              .get()
              .header("X-IDENTITY-HEADER", identityHeader.reveal())
              .build();
      return endpoint.fetch(r, "the managed identity endpoint");
    }
    HttpUrl.Builder url =
        imds.newBuilder()
            .addPathSegments("metadata/identity/oauth2/token")
            .addQueryParameter("api-version", "2018-02-01")
            .addQueryParameter("resource", resource);
    if (clientId != null) url.addQueryParameter("client_id", clientId);
    Request r = new Request.Builder().url(url.build()).get().header("Metadata", "true").build();
    return endpoint.fetch(r, "the instance metadata service");
  }

  @Override
  public String toString() {
    return "ManagedIdentityCredential["
        + (identityEndpoint != null ? "identity endpoint" : "IMDS")
        + (clientId == null ? ", system-assigned" : ", clientId=" + clientId)
        + "]";
  }
}
