package dev.switchboard.foundry.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.TokenCredential;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * OAuth2 client credentials against Entra ID: {@code POST {authority}/{tenant}/oauth2/v2.0/token}
 * with client id, secret and scope. Thread-safe.
 */
public final class EntraClientCredential implements TokenCredential {
  private final TokenEndpoint endpoint;
  private final HttpUrl tokenUrl;
  private final String clientId;
  private final Secret clientSecret;

  EntraClientCredential(
      TokenEndpoint endpoint,
      HttpUrl authority,
      String tenantId,
      String clientId,
      Secret clientSecret) {
    this.endpoint = endpoint;
    this.tokenUrl =
        authority
            .newBuilder()
            .addPathSegment(tenantId)
            .addPathSegments("oauth2/v2.0/token")
            .build();
    this.clientId = clientId;
    this.clientSecret = clientSecret;
  }

  @Override
  public AccessToken getToken(String scope) {
    FormBody form =
        new FormBody.Builder()
            .add("grant_type", "client_credentials")
            .add("client_id", clientId)
            .add("client_secret", clientSecret.reveal())
            .add("scope", scope)
            .build();
    return endpoint.fetch(new Request.Builder().url(tokenUrl).post(form).build(), "Entra ID");
  }

  @Override
  public String toString() {
    return "EntraClientCredential[clientId=" + clientId + "]";
  }
}
