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
import dev.switchboard.compliance.internal.audit.SortedFields;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.transform.RedactionMode;
import dev.switchboard.compliance.transform.Redactor;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.UnknownPriceException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.pipeline.Call;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
  private final SortedFields versions;
  private final Map<String, List<String>> sortedRegions;

  /** The canonical JSON of a prompt or answer, before it is hashed; one per thread, reused. */
  private static final ThreadLocal<StringBuilder> HASHED =
      ThreadLocal.withInitial(() -> new StringBuilder(1024));

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
    this.versions =
        SortedFields.builder(2).put("sdk", SDK_VERSION).put("detector", detector.version()).build();
    Map<String, List<String>> regions = new java.util.HashMap<>();
    this.profiles.forEach((id, p) -> regions.put(id, sortedRegions(p)));
    this.sortedRegions = Map.copyOf(regions);
  }

  /** The record that opens a client's stretch of the chain: which policy is in force. */
  public AuditEvent policyLoad() {
    SortedFields.Builder f = SortedFields.builder(8);
    f.put("policyHash", policy == null ? null : policy.hash());
    f.put("policyVersion", policy == null ? null : policy.version());
    f.put("policySource", policy == null ? null : policy.source());
    f.put("auditKeyId", key.id());
    f.put("versions", versions);
    return new AuditEvent("policy.load", f.build());
  }

  /** The decision record, written before anything is sent (or instead, for a block). */
  public AuditEvent decision(Call call, ComplianceContext ctx) {
    ComplianceTags tags = ctx == null ? call.request().compliance() : ctx.tags();
    SortedFields.Builder f = common(call, tags);
    if (ctx != null) {
      PolicyDecision d = ctx.decision();
      f.put("decision", d.decision().name());
      f.put("ruleIds", d.ruleIds());
      if (d.blocked()) f.put("reasonCodes", List.of(d.blockCode().name()));
      f.put("policyHash", d.policyHash());
      List<Target> eligible = d.eligible();
      String[] labels = new String[eligible.size()];
      for (int i = 0; i < labels.length; i++) labels[i] = eligible.get(i).label();
      f.put("eligible", List.of(labels));
      f.put("eligibleKinds", kinds(eligible));
      if (!d.exclusions().isEmpty()) f.put("excluded", exclusions(d.exclusions()));
      f.put("obligations", sortedNames(d.obligations()));
      f.put("obligationsEnforced", sortedNames(ctx.enforced()));
      f.put("refrains", sortedNames(d.refrains()));
      // Detection raised nothing in the common case: the declared tags are the ones just written.
      f.put("declaredTags", ctx.declared().equals(tags) ? f.get("tags") : tags(ctx.declared()));
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
        ctx != null && isBreakGlass(ctx.declared()) ? "ai.breakglass" : "ai.decision", f.build());
  }

  /**
   * The kinds the call may reach, sorted and distinct (an export to a third party only if one is
   * not local); the common route of one target costs no set.
   */
  private List<String> kinds(List<Target> eligible) {
    if (eligible.size() == 1) return List.of(kindOf(eligible.get(0)));
    Set<String> kinds = new TreeSet<>();
    for (Target t : eligible) kinds.add(kindOf(t));
    return List.copyOf(kinds);
  }

  private String kindOf(Target t) {
    return profiles.getOrDefault(t.provider(), ProviderProfile.UNDECLARED).kind().name();
  }

  /** Enum names sorted, as an immutable list (a loop: no stream per record). */
  private static List<String> sortedNames(Set<? extends Enum<?>> values) {
    if (values.isEmpty()) return List.of();
    String[] out = new String[values.size()];
    int i = 0;
    for (Enum<?> v : values) out[i++] = v.name();
    java.util.Arrays.sort(out);
    return List.of(out);
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
      SortedFields.Builder m = SortedFields.builder(4);
      m.put("provider", x.provider());
      m.put("model", x.model());
      m.put("codes", x.codes().stream().map(Enum::name).toList());
      List<Object> reasons = new ArrayList<>();
      for (ProviderExclusion.Reason r : x.reasons()) {
        reasons.add(Map.of("code", r.code().name(), "ruleId", r.ruleId(), "detail", r.detail()));
      }
      m.put("reasons", reasons);
      out.add(m.build());
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
    SortedFields.Builder f = common(call, ctx.tags());
    f.put("decision", "BLOCK");
    f.put("ruleIds", ctx.decision().ruleIds());
    f.put("reasonCodes", List.of(code));
    f.put("policyHash", ctx.decision().policyHash());
    f.put("declaredTags", tags(ctx.declared()));
    f.put("entityCounts", ctx.findingCounts());
    f.put("severity", ctx.decision().alert() || isBreakGlass(ctx.tags()) ? "alert" : "normal");
    f.put("outcome", 8);
    return new AuditEvent(
        isBreakGlass(ctx.declared()) ? "ai.breakglass" : "ai.decision", f.build());
  }

  /**
   * A stage after the compliance decision tried to get around it (widen the route, put back text
   * the transformation removed, call an excluded target): the call is refused.
   */
  public AuditEvent bypass(Call call, ComplianceContext ctx, String what, String decisionEventId) {
    SortedFields.Builder f = common(call, ctx.tags());
    f.put("decisionEventId", decisionEventId);
    f.put("decision", "BLOCK");
    f.put("ruleIds", ctx.decision().ruleIds());
    f.put("reasonCodes", List.of("DECISION_BYPASSED"));
    f.put("bypass", what);
    f.put("policyHash", ctx.decision().policyHash());
    f.put("severity", "alert");
    f.put("outcome", 8);
    return new AuditEvent("ai.decision", f.build());
  }

  /** The outcome record of a chat call that completed. */
  public AuditEvent chatOutcome(
      Call call, String decisionEventId, ChatResponse raw, ComplianceContext.Output out) {
    SortedFields.Builder f = outcomeCommon(call, decisionEventId);
    f.put("outcome", out != null && !out.warnings().isEmpty() ? 4 : 0);
    if (out != null && !out.warnings().isEmpty()) f.put("reasonCodes", out.warnings());
    f.put("provider", provider(raw.provider(), raw.model()));
    f.put("vendorRequestId", raw.requestId().orElse(null));
    f.put("vendorResponseId", raw.responseId().orElse(null));
    f.put("finishReason", raw.finishReason().name());
    f.put("responseHmac", responseHmac(raw));
    // Nested objects are built sorted, not as maps the record would have to convert.
    f.put(
        "usage",
        SortedFields.builder(2)
            .put("inputTokens", raw.usage().inputTokens())
            .put("outputTokens", raw.usage().outputTokens())
            .build());
    f.put("attempts", raw.attempts());
    raw.cost().ifPresent(c -> f.put("cost", cost(c)));
    if (out != null) {
      f.put(
          "restoreStats",
          SortedFields.builder(3)
              .put("restored", out.stats().restored())
              .put("lenient", out.stats().lenient())
              .put("unknown", out.stats().unknown())
              .build());
      f.put("newIdentifiers", out.newIdentifiers());
      f.put(
          "unknownTokenTypes",
          out.unknownTokenTypes().isEmpty()
              ? List.of()
              : List.copyOf(new java.util.TreeSet<>(out.unknownTokenTypes())));
      f.put("labels", ctx(call).map(ComplianceContext::labelList).orElse(List.of("AIAST")));
    }
    return new AuditEvent("ai.response", f.build());
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
    SortedFields.Builder f = outcomeCommon(call, decisionEventId);
    f.put("outcome", 0);
    f.put("provider", provider(provider, model));
    f.put("vendorRequestId", requestId);
    f.put("vectors", vectors);
    f.put("usage", Map.of("inputTokens", inputTokens));
    if (cost != null) f.put("cost", cost(cost));
    return new AuditEvent("ai.response", f.build());
  }

  /** The outcome record of a call that failed or was closed early. */
  public AuditEvent failure(
      Call call, String decisionEventId, Throwable failure, boolean closedEarly) {
    SortedFields.Builder f = outcomeCommon(call, decisionEventId);
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
      code = failureCode(failure);
    }
    f.put("reasonCodes", List.of(code));
    if (failure != null) {
      SortedFields.Builder error = SortedFields.builder(4);
      error.put("type", failure.getClass().getSimpleName());
      if (failure instanceof ServiceException s) error.put("status", s.statusCode());
      if (failure instanceof dev.switchboard.error.SwitchboardException s) {
        s.provider().ifPresent(p -> error.put("provider", p));
        s.requestId().ifPresent(r -> error.put("vendorRequestId", r));
      }
      f.put("error", error.build());
    }
    return new AuditEvent("ai.response", f.build());
  }

  /**
   * The stable reason code of a failed call's outcome record. A privacy officer reads these codes,
   * not exception class names: a call the budget refused never reached a vendor and must not read
   * as a vendor failure. The most specific type is tested first (a timeout is a transport failure).
   */
  static String failureCode(Throwable failure) {
    if (failure instanceof ComplianceViolationException cv) return cv.code().name();
    if (failure instanceof BudgetExceededException) return "BUDGET_EXCEEDED";
    if (failure instanceof UnknownPriceException) return "PRICE_UNKNOWN";
    if (failure instanceof CallNotPermittedException refused) return refused.reason().name();
    if (failure instanceof RateLimitedException) return "RATE_LIMITED";
    if (failure instanceof CallTimeoutException) return "TIMEOUT";
    if (failure instanceof AuthenticationException) return "AUTHENTICATION_FAILED";
    if (failure instanceof InvalidRequestException) return "INVALID_REQUEST";
    if (failure instanceof UnsupportedCapabilityException) return "UNSUPPORTED_CAPABILITY";
    return "PROVIDER_FAILED";
  }

  private static java.util.Optional<ComplianceContext> ctx(Call call) {
    return call.attributes().get(ComplianceContext.KEY);
  }

  private SortedFields.Builder common(Call call, ComplianceTags tags) {
    // room for every member a decision record can have (at most 30), so it never grows
    SortedFields.Builder f = SortedFields.builder(30);
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
    f.put("versions", versions);
    return f;
  }

  private SortedFields.Builder outcomeCommon(Call call, String decisionEventId) {
    // room for every member an outcome record can have (at most 22), so it never grows
    SortedFields.Builder f = SortedFields.builder(22);
    f.put("callId", call.id());
    f.put("decisionEventId", decisionEventId);
    f.put("operation", call.operation().name());
    f.put("logicalModel", call.logicalModel());
    f.put("latencyMs", call.elapsedNanos() / 1_000_000L);
    // Who asked, why and about whom, on the outcome too, so that each exported AuditEvent carries
    // its purpose of event, requester agent and patient entity on its own.
    ComplianceTags tags = call.request().compliance();
    f.put("requester", requester(tags.requester()));
    f.put("purposeOfUse", tags.purposeOfUse().orElse(null));
    tags.patientRef().map(KeyedHash::value).ifPresent(v -> f.put("patientRef", v));
    return f;
  }

  /** The amount as a decimal string: exact, unlike a JSON number. */
  private static SortedFields cost(dev.switchboard.usage.Cost c) {
    return SortedFields.builder(3)
        .put("amount", c.amount().toPlainString())
        .put("currency", c.currency())
        .put("estimated", c.estimated())
        .build();
  }

  private static SortedFields requester(Requester r) {
    SortedFields.Builder m = SortedFields.builder(6); // null members are left out
    m.put("userId", r.userId());
    m.put("role", r.role());
    m.put("org", r.org());
    m.put("clientId", r.clientId());
    m.put("onBehalfOf", r.onBehalfOf());
    m.put("sessionId", r.sessionId());
    return m.build();
  }

  private static SortedFields tags(ComplianceTags t) {
    SortedFields.Builder m = SortedFields.builder(10);
    m.put("dataClass", t.dataClass().code());
    m.put("confidentiality", t.confidentiality().name());
    m.put("sensitivity", List.copyOf(t.sensitivity()));
    m.put("privacyLaw", List.copyOf(t.privacyLaw()));
    m.put("obligations", sortedNames(t.obligations()));
    m.put("refrains", sortedNames(t.refrains()));
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
    return m.build();
  }

  private SortedFields provider(String id, String model) {
    SortedFields.Builder m = SortedFields.builder(6);
    m.put("id", id);
    m.put("model", model);
    ProviderProfile p = profiles.getOrDefault(id, ProviderProfile.UNDECLARED);
    m.put("kind", p.kind().name());
    m.put("deployment", p.deployment().name());
    List<String> regions = sortedRegions.get(id);
    m.put("regions", regions != null ? regions : sortedRegions(p));
    p.baa().ifPresent(b -> m.put("baaRef", b.ref()));
    return m.build();
  }

  private static List<String> sortedRegions(ProviderProfile p) {
    return List.copyOf(new TreeSet<>(p.regions()));
  }

  /**
   * The keyed hash of what was sent: the canonical JSON of the roles, texts and tool arguments
   * ({@code [[role, text, [name, arguments]...]...]}, or the list of embedding inputs), written
   * straight into a per-thread buffer rather than built as lists first.
   */
  private String promptHmac(Call call) {
    StringBuilder sb = HASHED.get();
    sb.setLength(0);
    if (call.request() instanceof ChatRequest r) {
      sb.append('[');
      List<ChatMessage> messages = r.messages();
      for (int i = 0; i < messages.size(); i++) {
        ChatMessage m = messages.get(i);
        if (i > 0) sb.append(',');
        sb.append('[');
        Jcs.appendString(m.role().name(), sb);
        sb.append(',');
        Jcs.appendString(java.util.Objects.requireNonNull(m.text(), "message text"), sb);
        if (m instanceof dev.switchboard.chat.AssistantMessage a) {
          for (ToolCall c : a.toolCalls()) toolCall(c, sb.append(','));
        }
        sb.append(']');
      }
      sb.append(']');
    } else {
      List<String> inputs = ((EmbeddingRequest) call.request()).inputs();
      sb.append('[');
      for (int i = 0; i < inputs.size(); i++) {
        if (i > 0) sb.append(',');
        Jcs.appendString(inputs.get(i), sb);
      }
      sb.append(']');
    }
    return keyedHash(sb);
  }

  /** The keyed hash of the answer: canonical JSON of {@code [text, [name, arguments]...]}. */
  private String responseHmac(ChatResponse r) {
    StringBuilder sb = HASHED.get();
    sb.setLength(0);
    sb.append('[');
    Jcs.appendString(r.text(), sb);
    for (ToolCall c : r.toolCalls()) toolCall(c, sb.append(','));
    sb.append(']');
    return keyedHash(sb);
  }

  private static void toolCall(ToolCall c, StringBuilder sb) {
    sb.append('[');
    Jcs.appendString(c.name(), sb);
    sb.append(',');
    Jcs.appendString(c.arguments(), sb);
    sb.append(']');
  }

  /**
   * The UTF-8 of a prompt or answer being hashed; one per thread, reused, blanked after each hash,
   * and not kept once grown past {@link #HASHED_KEPT} bytes.
   */
  private static final ThreadLocal<byte[][]> HASHED_UTF8 =
      ThreadLocal.withInitial(() -> new byte[][] {new byte[4096]});

  private static final int HASHED_KEPT = 192 * 1024;

  private String keyedHash(StringBuilder canonical) {
    // KeyedHash.value()'s form (key id, colon, hex), hashed from the bytes without a String, and
    // from this thread's buffer rather than an array per text.
    int chars = canonical.length();
    byte[][] holder = HASHED_UTF8.get();
    byte[] bytes = holder[0];
    if (bytes.length < 3 * chars) {
      bytes = new byte[3 * chars];
      if (bytes.length <= HASHED_KEPT) holder[0] = bytes;
    }
    int length = Jcs.utf8Into(canonical, 0, chars, bytes);
    String value = key.id() + ":" + key.hex(bytes, 0, length);
    java.util.Arrays.fill(bytes, 0, length, (byte) 0); // the prompt's text does not stay behind
    // The buffer outlives the call: blank the prompt's text in it rather than keep it around.
    for (int i = 0, n = canonical.length(); i < n; i++) canonical.setCharAt(i, ' ');
    canonical.setLength(0);
    if (canonical.capacity() > 64 * 1024) HASHED.remove(); // do not keep a huge prompt's buffer
    return value;
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
