package dev.switchboard.compliance.internal;

import dev.switchboard.ModelRequest;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.DecisionSeal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The compliance decision of one call, held against every later stage (see {@link DecisionSeal}):
 * the route may only narrow, the request may not carry again a value the transformation removed
 * (compared as a whole token, case-insensitively, so a short value inside a longer word does not
 * count), and only eligible targets are called. Also gives each provider the end-user id its
 * profile asks for. A violation is audited and refused with {@code DECISION_BYPASSED}; the
 * exception and the record name what was attempted, never the value.
 */
final class Seal implements DecisionSeal {
  private final ComplianceContext ctx;
  private final Route route;
  // the route's own list: a route holds a few targets, so a scan costs less than a set per call
  private final List<Target> eligible;
  private final ModelRequest sealed;
  private final List<String> removed;
  private final String rawEndUser;
  private final Map<String, ProviderProfile> profiles;
  private final AuditTrail trail;
  private final AuditRecords records;

  /**
   * @param foundValues the values the detector found in the original request; those the
   *     transformation took out of {@code sealed} are the ones that may not come back
   * @param rawEndUser the end-user id as the caller gave it, or null
   */
  Seal(
      ComplianceContext ctx,
      Route route,
      ModelRequest sealed,
      List<String> foundValues,
      boolean transformed,
      String rawEndUser,
      Map<String, ProviderProfile> profiles,
      AuditTrail trail,
      AuditRecords records) {
    this.ctx = ctx;
    this.route = route;
    this.eligible = route.targets();
    this.sealed = sealed;
    this.rawEndUser = rawEndUser;
    this.profiles = profiles;
    this.trail = trail;
    this.records = records;
    List<String> gone = new ArrayList<>();
    if (transformed) {
      List<String> texts = lower(texts(sealed));
      for (String v : new java.util.LinkedHashSet<>(foundValues)) {
        String value = v.toLowerCase(Locale.ROOT);
        if (!value.isBlank() && texts.stream().noneMatch(t -> containsToken(t, value)))
          gone.add(value);
      }
    }
    this.removed = List.copyOf(gone);
  }

  // Identity first: stages that only pass the call on keep the same route and request objects, so
  // the common case costs two comparisons; anything else is checked in full.
  @SuppressWarnings("ReferenceEquality")
  @Override
  public void admit(Call call) {
    if (call.route() != route) {
      for (Target t : call.route().targets()) {
        if (!eligible.contains(t))
          violation(call, "widened the route to " + t.label() + ", which the decision excluded");
      }
    }
    if (call.request() != sealed && !removed.isEmpty()) {
      for (String text : lower(texts(call.request()))) {
        for (String value : removed) {
          if (containsToken(text, value))
            violation(
                call, "replaced the request with one carrying text the transformation removed");
        }
      }
    }
  }

  @Override
  public Call beforeProvider(Call call) {
    Target t = call.target().orElse(null);
    if (t == null || !eligible.contains(t)) {
      violation(
          call,
          "sent the call to "
              + (t == null ? "no target" : t.label())
              + ", which is not eligible under the decision");
    }
    if (rawEndUser == null) return call;
    ProviderProfile p = profiles.getOrDefault(t.provider(), ProviderProfile.UNDECLARED);
    return switch (p.endUserId()) {
      case PSEUDONYM -> call;
      case RAW -> call.withRequest(withEndUser(call.request(), rawEndUser));
      case OMIT -> call.withRequest(withEndUser(call.request(), null));
    };
  }

  static ModelRequest withEndUser(ModelRequest r, String endUser) {
    if (r instanceof ChatRequest c) return c.toBuilder().endUser(endUser).build();
    return ((EmbeddingRequest) r).toBuilder().endUser(endUser).build();
  }

  private void violation(Call call, String what) {
    String eventId =
        AuditStage.write(
            trail,
            records.bypass(call, ctx, what, ctx.decisionEventId()),
            ctx.decision().policyHash());
    throw new ComplianceViolationException(
        Code.DECISION_BYPASSED,
        "seal",
        ctx.decision().policyHash(),
        eventId,
        "a stage after the compliance decision " + what + "; the call is refused",
        null);
  }

  private static List<String> texts(ModelRequest r) {
    if (r instanceof ChatRequest c) return RequestScan.texts(c);
    return ((EmbeddingRequest) r).inputs();
  }

  private static List<String> lower(List<String> texts) {
    List<String> out = new ArrayList<>(texts.size());
    for (String t : texts) out.add(t.toLowerCase(Locale.ROOT));
    return out;
  }

  /** True if the value occurs in the text with no letter or digit right before or after it. */
  static boolean containsToken(String text, String value) {
    int from = 0;
    while (true) {
      int i = text.indexOf(value, from);
      if (i < 0) return false;
      int end = i + value.length();
      boolean startOk = i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1));
      boolean endOk = end == text.length() || !Character.isLetterOrDigit(text.charAt(end));
      if (startOk && endOk) return true;
      from = i + 1;
    }
  }
}
