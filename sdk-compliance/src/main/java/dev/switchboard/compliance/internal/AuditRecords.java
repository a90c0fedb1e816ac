package dev.switchboard.compliance.internal;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.KeyedHash;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.Requester;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.internal.audit.Jcs;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.transform.RedactionMode;
import dev.switchboard.compliance.transform.Redactor;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.ServiceException;
import dev.switchboard.pipeline.Call;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
      if (!d.excluded().isEmpty()) f.put("excluded", d.excluded());
      f.put("obligations", d.obligations().stream().map(Enum::name).sorted().toList());
      f.put("refrains", d.refrains().stream().map(Enum::name).sorted().toList());
      f.put("entityCounts", ctx.findingCounts());
      f.put("transforms", ctx.transformations());
      f.put("severity", d.alert() || tags.breakGlassReason().isPresent() ? "alert" : "normal");
      f.put("outcome", d.blocked() ? 8 : 0);
    } else {
      f.put("decision", "NONE");
      f.put("outcome", 0);
    }
    if (ctx == null || !ctx.decision().blocked()) f.put("promptHmac", promptHmac(call));
    return new AuditEvent(
        ctx != null && tags.breakGlassReason().isPresent() ? "ai.breakglass" : "ai.decision", f);
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
    f.put("entityCounts", ctx.findingCounts());
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
      f.put("labels", List.of("AIAST"));
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
    f.put("outcome", closedEarly ? 4 : 8);
    String code =
        closedEarly
            ? "CLOSED_EARLY"
            : failure instanceof dev.switchboard.error.ContentFilteredException
                ? "PROVIDER_CONTENT_FILTERED"
                : "PROVIDER_FAILED";
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

  /** The HMAC of arbitrary bytes under the audit key (for tests). */
  String hmac(String text) {
    return key.hex(text.getBytes(StandardCharsets.UTF_8));
  }
}
