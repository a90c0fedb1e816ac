package dev.switchboard.compliance.internal;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.KeyedHash;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Requester;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.internal.audit.Jcs;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.transform.RedactionMode;
import dev.switchboard.compliance.transform.Redactor;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.pipeline.Call;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the audit records (compliance design 6(e)): codes, ids, counts and keyed hashes only,
 * never prompt or answer text, never a raw patient reference. A break-glass reason is recorded with
 * any identifiers in it masked by the detector.
 */
public final class AuditRecords {
  static final String SDK_VERSION = "switchboard-0.1";

  private final AuditKey key;
  private final Map<String, ProviderProfile> profiles;
  private final PhiDetector detector;
  private final CompliancePolicy policy;

  /**
   * @param policy may be null (audit without a policy)
   */
  public AuditRecords(
      AuditKey key,
      Map<String, ProviderProfile> profiles,
      PhiDetector detector,
      CompliancePolicy policy) {
    this.key = key;
    this.profiles = Map.copyOf(profiles);
    this.detector = detector;
    this.policy = policy;
  }

  /** The record that opens a client's stretch of the chain: which policy is in force. */
  public AuditEvent policyLoad() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("policyHash", policy == null ? null : policy.hash());
    f.put("policyVersion", policy == null ? null : policy.version());
    f.put("policySource", policy == null ? null : policy.source());
    f.put("auditKeyId", key.id());
    f.put("versions", versions());
    return new AuditEvent("policy.load", f);
  }

  /** The decision record, written before anything is sent (or instead, for a block). */
  public AuditEvent decision(Call call, ComplianceContext ctx) {
    ComplianceTags tags = ctx == null ? call.request().compliance() : ctx.tags();
    Map<String, Object> f = common(call, tags);
    if (ctx != null) {
      PolicyDecision d = ctx.decision();
      f.put("decision", d.decision().name());
      f.put("ruleIds", d.ruleIds());
      if (d.blocked()) f.put("reasonCodes", List.of(d.blockCode().name()));
      f.put("policyHash", d.policyHash());
      f.put("eligible", d.eligible().stream().map(Target::label).toList());
      if (!d.exclusions().isEmpty()) f.put("excluded", exclusions(d.exclusions()));
      f.put("obligations", d.obligations().stream().map(Enum::name).sorted().toList());
      f.put("obligationsEnforced", ctx.enforced().stream().map(Enum::name).sorted().toList());
      f.put("refrains", d.refrains().stream().map(Enum::name).sorted().toList());
      f.put("declaredTags", tags(ctx.declared()));
      if (!ctx.raises().isEmpty()) f.put("raisedTags", raises(ctx.raises()));
      duaCheck(ctx.declared()).ifPresent(v -> f.put("duaCheck", v));
      f.put("entityCounts", ctx.findingCounts());
      f.put("transforms", ctx.transformations());
      f.put("severity", d.alert() || isBreakGlass(tags) ? "alert" : "normal");
      f.put("outcome", d.blocked() ? 8 : 0);
    } else {
      f.put("decision", "NONE");
      f.put("outcome", 0);
    }
    if (ctx == null || !ctx.decision().blocked()) f.put("promptHmac", promptHmac(call));
    return new AuditEvent(
        ctx != null && isBreakGlass(ctx.declared()) ? "ai.breakglass" : "ai.decision", f);
  }

  /**
   * A break-glass request: one that gives a break-glass reason, or whose purpose is emergency
   * treatment (ETREAT, and BTG below it). Audited as {@code ai.breakglass} with alert severity
   * whether or not the reason was given; without one, the policy refuses it.
   */
  static boolean isBreakGlass(ComplianceTags tags) {
    return tags.breakGlassReason().isPresent()
        || tags.purpose().map(p -> p.isA(PurposeOfUse.ETREAT)).orElse(false);
  }

  /** Whether a declared limited data set named its DUA: {@code present} or {@code missing}. */
  private static java.util.Optional<String> duaCheck(ComplianceTags declared) {
    if (declared.dataClass() != DataClass.LIMITED_DATA_SET) return java.util.Optional.empty();
    return java.util.Optional.of(declared.duaId().isPresent() ? "present" : "missing");
  }

  private static List<Object> exclusions(List<ProviderExclusion> exclusions) {
    List<Object> out = new ArrayList<>();
    for (ProviderExclusion x : exclusions) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("provider", x.provider());
      m.put("model", x.model());
      m.put("codes", x.codes().stream().map(Enum::name).toList());
      List<Object> reasons = new ArrayList<>();
      for (ProviderExclusion.Reason r : x.reasons()) {
        reasons.add(Map.of("code", r.code().name(), "ruleId", r.ruleId(), "detail", r.detail()));
      }
      m.put("reasons", reasons);
      out.add(m);
    }
    return out;
  }

  private static List<Object> raises(List<ComplianceSummary.Raise> raises) {
    List<Object> out = new ArrayList<>();
    for (ComplianceSummary.Raise r : raises) {
      out.add(Map.of("tag", r.tag(), "value", r.value(), "reason", r.reason()));
    }
    return out;
  }

  /**
   * A block the compliance stage made without a policy decision (audit failure, unsupported
   * content).
   */
  public AuditEvent refusal(Call call, ComplianceContext ctx, String code) {
    Map<String, Object> f = common(call, ctx.tags());
    f.put("decision", "BLOCK");
    f.put("ruleIds", ctx.decision().ruleIds());
    f.put("reasonCodes", List.of(code));
    f.put("policyHash", ctx.decision().policyHash());
    f.put("declaredTags", tags(ctx.declared()));
    f.put("entityCounts", ctx.findingCounts());
    f.put("severity", ctx.decision().alert() || isBreakGlass(ctx.tags()) ? "alert" : "normal");
    f.put("outcome", 8);
    return new AuditEvent(isBreakGlass(ctx.declared()) ? "ai.breakglass" : "ai.decision", f);
  }

  /**
   * A stage after the compliance decision tried to get around it (widen the route, put back text
   * the transformation removed, call an excluded target): the call is refused.
   */
  public AuditEvent bypass(Call call, ComplianceContext ctx, String what, String decisionEventId) {
    Map<String, Object> f = common(call, ctx.tags());
    f.put("decisionEventId", decisionEventId);
    f.put("decision", "BLOCK");
    f.put("ruleIds", ctx.decision().ruleIds());
    f.put("reasonCodes", List.of("DECISION_BYPASSED"));
    f.put("bypass", what);
    f.put("policyHash", ctx.decision().policyHash());
    f.put("severity", "alert");
    f.put("outcome", 8);
    return new AuditEvent("ai.decision", f);
  }

  /** The outcome record of a chat call that completed. */
  public AuditEvent chatOutcome(
      Call call, String decisionEventId, ChatResponse raw, ComplianceContext.Output out) {
    Map<String, Object> f = outcomeCommon(call, decisionEventId);
    f.put("outcome", out != null && !out.warnings().isEmpty() ? 4 : 0);
    if (out != null && !out.warnings().isEmpty()) f.put("reasonCodes", out.warnings());
    f.put("provider", provider(raw.provider(), raw.model()));
    f.put("vendorRequestId", raw.requestId().orElse(null));
    f.put("vendorResponseId", raw.responseId().orElse(null));
    f.put("finishReason", raw.finishReason().name());
    f.put("responseHmac", key.hash(Jcs.canonicalize(answerParts(raw))).value());
    f.put(
        "usage",
        Map.of(
            "inputTokens", raw.usage().inputTokens(), "outputTokens", raw.usage().outputTokens()));
    f.put("attempts", raw.attempts());
    raw.cost().ifPresent(c -> f.put("cost", cost(c)));
    if (out != null) {
      f.put(
          "restoreStats",
          Map.of(
              "restored",
              out.stats().restored(),
              "lenient",
              out.stats().lenient(),
              "unknown",
              out.stats().unknown()));
      f.put("newIdentifiers", out.newIdentifiers());
      f.put("unknownTokenTypes", List.copyOf(new java.util.TreeSet<>(out.unknownTokenTypes())));
      f.put(
          "labels", List.copyOf(ctx(call).map(ComplianceContext::labels).orElse(Set.of("AIAST"))));
    }
    return new AuditEvent("ai.response", f);
  }

  /** The outcome record of an embedding call. */
  public AuditEvent embedOutcome(
      Call call,
      String decisionEventId,
      String provider,
      String model,
      String requestId,
      int vectors,
      long inputTokens,
      dev.switchboard.usage.Cost cost) {
    Map<String, Object> f = outcomeCommon(call, decisionEventId);
    f.put("outcome", 0);
    f.put("provider", provider(provider, model));
    f.put("vendorRequestId", requestId);
    f.put("vectors", vectors);
    f.put("usage", Map.of("inputTokens", inputTokens));
    if (cost != null) f.put("cost", cost(cost));
    return new AuditEvent("ai.response", f);
  }

  /** The outcome record of a call that failed or was closed early. */
  public AuditEvent failure(
      Call call, String decisionEventId, Throwable failure, boolean closedEarly) {
    Map<String, Object> f = outcomeCommon(call, decisionEventId);
    String code;
    if (closedEarly) {
      f.put("outcome", 4);
      code = "CLOSED_EARLY";
    } else if (failure instanceof ContentFilteredException cf) {
      // An outcome of its own, not a failure: the vendor judged the content and refused it.
      f.put("outcome", 4);
      f.put("result", "content-filtered");
      f.put("contentFilter", Map.of("categories", cf.categories().stream().sorted().toList()));
      code = ContentFilteredException.CODE;
    } else {
      f.put("outcome", 8);
      code =
          failure instanceof ComplianceViolationException cv ? cv.code().name() : "PROVIDER_FAILED";
    }
    f.put("reasonCodes", List.of(code));
    if (failure != null) {
      Map<String, Object> error = new LinkedHashMap<>();
      error.put("type", failure.getClass().getSimpleName());
      if (failure instanceof ServiceException s) error.put("status", s.statusCode());
      if (failure instanceof dev.switchboard.error.SwitchboardException s) {
        s.provider().ifPresent(p -> error.put("provider", p));
        s.requestId().ifPresent(r -> error.put("vendorRequestId", r));
      }
      f.put("error", error);
    }
    return new AuditEvent("ai.response", f);
  }

  private static java.util.Optional<ComplianceContext> ctx(Call call) {
    return call.attributes().get(ComplianceContext.KEY);
  }

  private Map<String, Object> common(Call call, ComplianceTags tags) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("callId", call.id());
    f.put("operation", call.operation().name());
    f.put("logicalModel", call.logicalModel());
    f.put("requester", requester(tags.requester()));
    f.put("purposeOfUse", tags.purposeOfUse().orElse(null));
    f.put("tags", tags(tags));
    tags.patientRef().map(KeyedHash::value).ifPresent(v -> f.put("patientRef", v));
    tags.encounterRef().map(KeyedHash::value).ifPresent(v -> f.put("encounterRef", v));
    tags.consentRef().ifPresent(c -> f.put("consentRef", key.hash(c).value()));
    tags.breakGlassReason()
        .ifPresent(
            r ->
                f.put(
                    "breakGlassReason",
                    Redactor.redact(
                        r,
                        detector.detect(r, tags.knownPatient().orElse(null)).findings(),
                        RedactionMode.TYPE_MASK)));
    f.put("versions", versions());
    return f;
  }

  private Map<String, Object> outcomeCommon(Call call, String decisionEventId) {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("callId", call.id());
    f.put("decisionEventId", decisionEventId);
    f.put("operation", call.operation().name());
    f.put("logicalModel", call.logicalModel());
    f.put("latencyMs", call.elapsed().toMillis());
    return f;
  }

  /** The amount as a decimal string: exact, unlike a JSON number. */
  private static Map<String, Object> cost(dev.switchboard.usage.Cost c) {
    return Map.of(
        "amount", c.amount().toPlainString(), "currency", c.currency(), "estimated", c.estimated());
  }

  private static Map<String, Object> requester(Requester r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("userId", r.userId());
    m.put("role", r.role());
    m.put("org", r.org());
    m.put("clientId", r.clientId());
    m.put("onBehalfOf", r.onBehalfOf());
    m.put("sessionId", r.sessionId());
    m.values().removeIf(java.util.Objects::isNull);
    return m;
  }

  private static Map<String, Object> tags(ComplianceTags t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("dataClass", t.dataClass().code());
    m.put("confidentiality", t.confidentiality().name());
    m.put("sensitivity", List.copyOf(t.sensitivity()));
    m.put("privacyLaw", List.copyOf(t.privacyLaw()));
    m.put("obligations", t.obligations().stream().map(Enum::name).sorted().toList());
    m.put("refrains", t.refrains().stream().map(Enum::name).sorted().toList());
    t.residency().ifPresent(r -> m.put("residency", r.name()));
    t.duaId().ifPresent(d -> m.put("duaId", d));
    t.attestation()
        .ifPresent(
            a ->
                m.put(
                    "deid",
                    Map.of(
                        "method",
                        a.method().name(),
                        "reference",
                        a.reference(),
                        "attestedBy",
                        a.attestedBy())));
    return m;
  }

  private Map<String, Object> provider(String id, String model) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", id);
    m.put("model", model);
    ProviderProfile p = profiles.getOrDefault(id, ProviderProfile.UNDECLARED);
    m.put("kind", p.kind().name());
    m.put("deployment", p.deployment().name());
    m.put("regions", p.regions().stream().sorted().toList());
    p.baa().ifPresent(b -> m.put("baaRef", b.ref()));
    return m;
  }

  private Map<String, Object> versions() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("sdk", SDK_VERSION);
    m.put("detector", detector.version());
    return m;
  }

  /** The keyed hash of what was sent: canonical JSON of roles, texts and tool arguments. */
  private String promptHmac(Call call) {
    Object sent;
    if (call.request() instanceof ChatRequest r) {
      List<Object> parts = new ArrayList<>();
      for (ChatMessage m : r.messages()) {
        List<Object> part = new ArrayList<>(List.of(m.role().name(), m.text()));
        if (m instanceof dev.switchboard.chat.AssistantMessage a) {
          for (ToolCall c : a.toolCalls()) part.add(List.of(c.name(), c.arguments()));
        }
        parts.add(part);
      }
      sent = parts;
    } else {
      sent = ((EmbeddingRequest) call.request()).inputs();
    }
    return key.hash(Jcs.canonicalize(sent)).value();
  }

  private static List<Object> answerParts(ChatResponse r) {
    List<Object> parts = new ArrayList<>();
    parts.add(r.text());
    for (ToolCall c : r.toolCalls()) parts.add(List.of(c.name(), c.arguments()));
    return parts;
  }

  /**
   * What a vendor receives instead of the end-user id: the HMAC-SHA256 of {@code end-user:} and the
   * id under the audit key, hex. The prefix keeps it apart from patient references hashed under the
   * same key. Stable per user and key; meaningless without the key.
   */
  public String endUserPseudonym(String endUser) {
    return key.hash("end-user:" + endUser).hex();
  }

  /** The HMAC of arbitrary bytes under the audit key (for tests). */
  String hmac(String text) {
    return key.hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
