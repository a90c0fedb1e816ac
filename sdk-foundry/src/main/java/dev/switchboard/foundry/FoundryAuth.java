package dev.switchboard.foundry;

import dev.switchboard.auth.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a Foundry provider authenticates: an API key in the header the family expects, or Entra ID
 * bearer tokens (client secret, managed identity, a static token, or any {@link TokenCredential}).
 * Immutable; {@link #toString()} shows the kind only.
 *
 * @since 0.1
 */
public final class FoundryAuth {

  /** The kinds of auth (config {@code auth.type}). */
  public enum Kind {
    /** {@code api-key}: a resource key. */
    API_KEY,
    /** {@code entra}: OAuth2 client credentials (tenant, client id, secret). */
    ENTRA,
    /** {@code managed-identity}: IMDS, or App Service / Container Apps' IDENTITY_ENDPOINT. */
    MANAGED_IDENTITY,
    /** {@code token}: a fixed bearer token (short-lived; for tools and tests). */
    TOKEN,
    /** {@code credential}: a {@link TokenCredential} supplied in code or named by class. */
    CREDENTIAL
  }

  /** Where an API key goes. */
  public enum KeyHeader {
    /**
     * {@code api-key: <key>} (Azure OpenAI, Model Inference; also accepted by Claude on Foundry).
     */
    API_KEY,
    /** {@code x-api-key: <key>} (Anthropic's header; the default for Claude on Foundry). */
    X_API_KEY,
    /** {@code Authorization: Bearer <key>} (v1 API, serverless endpoints, some gateways). */
    BEARER
  }

  /** The public Azure cloud's Entra authority. */
  public static final URI DEFAULT_AUTHORITY = URI.create("https://login.microsoftonline.com");

  /** The Azure Instance Metadata Service. */
  public static final URI DEFAULT_IMDS = URI.create("http://169.254.169.254");

  /** Tokens are refreshed this long before they expire. */
  public static final Duration DEFAULT_REFRESH_BEFORE = Duration.ofMinutes(5);

  private final Kind kind;
  private final Secret secret;
  private final KeyHeader keyHeader;
  private final String tenantId;
  private final String clientId;
  private final URI authority;
  private final URI imdsEndpoint;
  private final URI identityEndpoint;
  private final String credentialClass;
  private final TokenCredential credential;
  private final String scope;
  private final Duration refreshBefore;

  private FoundryAuth(
      Kind kind,
      Secret secret,
      KeyHeader keyHeader,
      String tenantId,
      String clientId,
      URI authority,
      URI imdsEndpoint,
      URI identityEndpoint,
      String credentialClass,
      TokenCredential credential,
      String scope,
      Duration refreshBefore) {
    this.kind = Objects.requireNonNull(kind, "kind");
    this.secret = secret;
    this.keyHeader = keyHeader;
    this.tenantId = tenantId;
    this.clientId = clientId;
    this.authority = authority;
    this.imdsEndpoint = imdsEndpoint;
    this.identityEndpoint = identityEndpoint;
    this.credentialClass = credentialClass;
    this.credential = credential;
    this.scope = scope;
    this.refreshBefore = refreshBefore == null ? DEFAULT_REFRESH_BEFORE : refreshBefore;
    if (this.refreshBefore.isNegative())
      throw new IllegalArgumentException("FoundryAuth.refreshBefore: must not be negative");
  }

  /**
   * An API key; {@code header} null means the family's default ({@code x-api-key} for Anthropic,
   * else {@code api-key}).
   */
  public static FoundryAuth apiKey(Secret key, KeyHeader header) {
    return new FoundryAuth(
        Kind.API_KEY,
        Objects.requireNonNull(key, "key"),
        header,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Entra client credentials against {@code authority}/{tenant}/oauth2/v2.0/token. */
  public static FoundryAuth entra(
      URI authority, String tenantId, String clientId, Secret clientSecret) {
    requireText(tenantId, "tenantId");
    requireText(clientId, "clientId");
    return new FoundryAuth(
        Kind.ENTRA,
        Objects.requireNonNull(clientSecret, "clientSecret"),
        null,
        tenantId,
        clientId,
        authority == null ? DEFAULT_AUTHORITY : authority,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /**
   * A managed identity. With {@code identityEndpoint} (App Service, Functions, Container Apps: the
   * IDENTITY_ENDPOINT and IDENTITY_HEADER variables) tokens come from there; otherwise from IMDS at
   * {@code imdsEndpoint} (default {@link #DEFAULT_IMDS}).
   *
   * @param clientId a user-assigned identity's client id, or null for the system-assigned one
   */
  public static FoundryAuth managedIdentity(
      String clientId, URI imdsEndpoint, URI identityEndpoint, Secret identityHeader) {
    if ((identityEndpoint == null) != (identityHeader == null)) {
      throw new IllegalArgumentException(
          "FoundryAuth.identityHeader: needed exactly when identityEndpoint is set");
    }
    return new FoundryAuth(
        Kind.MANAGED_IDENTITY,
        identityHeader,
        null,
        null,
        clientId,
        null,
        imdsEndpoint == null ? DEFAULT_IMDS : imdsEndpoint,
        identityEndpoint,
        null,
        null,
        null,
        null);
  }

  /** A fixed bearer token. It is not refreshed: use it for tools and tests only. */
  public static FoundryAuth token(Secret token) {
    return new FoundryAuth(
        Kind.TOKEN,
        Objects.requireNonNull(token, "token"),
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** Tokens from a credential supplied in code (for example one adapting azure-identity). */
  public static FoundryAuth credential(TokenCredential credential) {
    return new FoundryAuth(
        Kind.CREDENTIAL,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        Objects.requireNonNull(credential, "credential"),
        null,
        null);
  }

  /**
   * Tokens from a {@link TokenCredential} class with a public no-argument constructor, created with
   * the provider.
   */
  public static FoundryAuth credentialClass(String className) {
    requireText(className, "className");
    return new FoundryAuth(
        Kind.CREDENTIAL, null, null, null, null, null, null, null, className, null, null, null);
  }

  /** The same auth with another token scope (default: the family's, see the README). */
  public FoundryAuth withScope(String scope) {
    return new FoundryAuth(
        kind,
        secret,
        keyHeader,
        tenantId,
        clientId,
        authority,
        imdsEndpoint,
        identityEndpoint,
        credentialClass,
        credential,
        scope,
        refreshBefore);
  }

  /** The same auth refreshing tokens this long before expiry. */
  public FoundryAuth withRefreshBefore(Duration refreshBefore) {
    return new FoundryAuth(
        kind,
        secret,
        keyHeader,
        tenantId,
        clientId,
        authority,
        imdsEndpoint,
        identityEndpoint,
        credentialClass,
        credential,
        scope,
        refreshBefore);
  }

  public Kind kind() {
    return kind;
  }

  /** The key, client secret, token or identity header, depending on the kind. */
  public Optional<Secret> secret() {
    return Optional.ofNullable(secret);
  }

  public Optional<KeyHeader> keyHeader() {
    return Optional.ofNullable(keyHeader);
  }

  public Optional<String> tenantId() {
    return Optional.ofNullable(tenantId);
  }

  public Optional<String> clientId() {
    return Optional.ofNullable(clientId);
  }

  public Optional<URI> authority() {
    return Optional.ofNullable(authority);
  }

  public Optional<URI> imdsEndpoint() {
    return Optional.ofNullable(imdsEndpoint);
  }

  public Optional<URI> identityEndpoint() {
    return Optional.ofNullable(identityEndpoint);
  }

  public Optional<String> credentialClass() {
    return Optional.ofNullable(credentialClass);
  }

  public Optional<TokenCredential> credential() {
    return Optional.ofNullable(credential);
  }

  public Optional<String> scope() {
    return Optional.ofNullable(scope);
  }

  public Duration refreshBefore() {
    return refreshBefore;
  }

  /** True for the kinds that send bearer tokens. */
  public boolean usesTokens() {
    return kind != Kind.API_KEY;
  }

  private static void requireText(String v, String field) {
    if (v == null || v.isBlank())
      throw new IllegalArgumentException("FoundryAuth." + field + ": must not be blank");
  }

  @Override
  public String toString() {
    return "FoundryAuth[" + kind + (keyHeader == null ? "" : ", header=" + keyHeader) + "]";
  }
}
