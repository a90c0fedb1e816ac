package dev.switchboard.foundry.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.FoundryAuth;
import okhttp3.Request;

/** Puts the credential on a request: an API key header, or a cached bearer token. Thread-safe. */
public abstract sealed class Authenticator {

  /** Adds the auth header; returns what was sent, for {@link #refused}. */
  public abstract Object apply(Request.Builder request);

  /** True if a 401 may be cured by fetching a new token. */
  public abstract boolean refreshable();

  /** The service refused what {@link #apply} sent. */
  public void refused(Object sent) {}

  /** An API key in the family's header. */
  public static final class Key extends Authenticator {
    private final String header;
    private final String value;

    public Key(Secret key, FoundryAuth.KeyHeader where) {
      this.header =
          switch (where) {
            case API_KEY -> "api-key";
            case X_API_KEY -> "x-api-key";
            case BEARER -> "Authorization";
          };
      this.value = where == FoundryAuth.KeyHeader.BEARER ? "Bearer " + key.reveal() : key.reveal();
    }

    @Override
    public Object apply(Request.Builder request) {
      request.header(header, value);
      return null;
    }

    @Override
    public boolean refreshable() {
      return false;
    }

    @Override
    public String toString() {
      return "Key[header=" + header + "]";
    }
  }

  /** Entra bearer tokens from a cache. */
  public static final class Bearer extends Authenticator {
    private final TokenCache cache;
    private final boolean refreshable;

    public Bearer(TokenCache cache, boolean refreshable) {
      this.cache = cache;
      this.refreshable = refreshable;
    }

    @Override
    public Object apply(Request.Builder request) {
      AccessToken t = cache.token();
      request.header("Authorization", "Bearer " + t.token().reveal());
      return t;
    }

    @Override
    public boolean refreshable() {
      return refreshable;
    }

    @Override
    public void refused(Object sent) {
      if (sent instanceof AccessToken t) cache.invalidate(t);
    }

    @Override
    public String toString() {
      return "Bearer[refreshable=" + refreshable + "]";
    }
  }
}
