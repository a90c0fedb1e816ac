package dev.switchboard.foundry;

/**
 * A source of Entra ID bearer tokens. Switchboard caches what it returns and asks again shortly
 * before expiry (one caller refreshes while others wait) and after a 401.
 *
 * <p>This is the hook for azure-identity, which Switchboard does not depend on:
 *
 * <pre>{@code
 * com.azure.core.credential.TokenCredential azure = new DefaultAzureCredentialBuilder().build();
 * TokenCredential credential = scope -> {
 *   var t = azure.getTokenSync(new TokenRequestContext().addScopes(scope));
 *   return new AccessToken(Secret.of(t.getToken()), t.getExpiresAt().toInstant());
 * };
 * FoundryAuth auth = FoundryAuth.credential(credential);
 * }</pre>
 *
 * <p>Implementations must be thread-safe; they may block (network I/O).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface TokenCredential {

  /**
   * A fresh token for the scope.
   *
   * @param scope the scope to request, such as {@code https://cognitiveservices.azure.com/.default}
   * @throws dev.switchboard.error.AuthenticationException if the identity provider refuses
   * @throws dev.switchboard.error.TransportException if it cannot be reached
   */
  AccessToken getToken(String scope);
}
