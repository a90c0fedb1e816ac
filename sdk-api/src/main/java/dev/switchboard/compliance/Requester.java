package dev.switchboard.compliance;

/**
 * Who asks: the user, their role and organization, the application, on whose behalf, and the
 * session. Every field is optional (null). Recorded in the audit trail; never sent to a provider.
 *
 * @param userId the user's id in the hospital's directory (never a patient identifier)
 * @param role the user's role, for example {@code attending-physician}
 * @param org the organization or department
 * @param clientId the calling application
 * @param onBehalfOf whom the user acts for, if anyone
 * @param sessionId the user's session
 * @since 0.1
 */
public record Requester(
    String userId, String role, String org, String clientId, String onBehalfOf, String sessionId) {
  /** Nobody declared. */
  public static final Requester NONE = new Requester(null, null, null, null, null, null);

  public Requester {
    userId = blankToNull(userId);
    role = blankToNull(role);
    org = blankToNull(org);
    clientId = blankToNull(clientId);
    onBehalfOf = blankToNull(onBehalfOf);
    sessionId = blankToNull(sessionId);
  }

  /** A requester with a user id, role and application. */
  public static Requester of(String userId, String role, String clientId) {
    return new Requester(userId, role, null, clientId, null, null);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  @Override
  public String toString() {
    return "Requester[role="
        + role
        + ", clientId="
        + clientId
        + (userId == null ? "" : ", user=set")
        + "]";
  }
}
