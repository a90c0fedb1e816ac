package dev.switchboard.compliance;

/**
 * What a provider receives as the request's end-user id (OpenAI's {@code user}, Anthropic's {@code
 * metadata.user_id}). Set per provider in its profile ({@code end-user-id:}); the default is {@link
 * #PSEUDONYM}.
 *
 * @since 0.1
 */
public enum EndUserId {
  /**
   * A keyed pseudonym: the HMAC-SHA256 of the id under the audit key (domain-separated from patient
   * references), hex. Stable per user, so the vendor's abuse monitoring can still tell users apart,
   * and meaningless without the key.
   */
  PSEUDONYM,
  /** The id as given: an operator's explicit opt-out, for a vendor that must see real user ids. */
  RAW,
  /** No end-user id at all. */
  OMIT
}
