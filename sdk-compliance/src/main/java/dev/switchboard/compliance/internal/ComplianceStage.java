package dev.switchboard.compliance.internal;

import dev.switchboard.Route;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.detect.SensitivityHit;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.policy.PolicyInput;
import dev.switchboard.compliance.transform.PseudonymVault;
import dev.switchboard.compliance.transform.RedactionMode;
import dev.switchboard.compliance.transform.Redactor;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.DecisionSeal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The outermost stage: reads the request's tags, runs the detector over every text it carries
 * (raising tags, never lowering them), evaluates the policy against the route's targets' profiles,
 * refuses or narrows the route, applies the obligations (de-identify, redact, pseudonymize),
 * proceeds, and restores pseudonyms in the answer. A refusal is written to the audit trail before
 * the exception is thrown, so its exception names the audit record.
 */
public final class ComplianceStage implements CallInterceptor {
  private static final Logger log = LoggerFactory.getLogger(ComplianceStage.class);

  /** How obligations transform the request's texts. */
  enum Plan {
    NONE,
    PSEUDONYMIZE,
    MASK,
    GENERALIZE
  }

  // Immutable, so the policy input keeps them as they are instead of copying a set per call.
  private static final Set<Modality> TEXT = Set.of(Modality.TEXT);
  private static final Set<Modality> TEXT_AND_IMAGE = Set.of(Modality.TEXT, Modality.IMAGE);
  private static final Set<Modality> EMBEDDING = Set.of(Modality.EMBEDDING);

  private final CompliancePolicy policy;
  private final PhiDetector detector;
  private final Map<String, ProviderProfile> profiles;
  private final AuditTrail trail;
  private final AuditRecords records;
  private final Clock clock;

  public ComplianceStage(
      CompliancePolicy policy,
      PhiDetector detector,
      Map<String, ProviderProfile> profiles,
      AuditTrail trail,
      AuditRecords records,
      Clock clock) {
    this.policy = policy;
    this.detector = detector;
    this.profiles = Map.copyOf(profiles);
    this.trail = trail;
    this.records = records;
    this.clock = clock;
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    ChatRequest request = call.chatRequest();
    KnownPatient patient = request.compliance().knownPatient().orElse(null);
    RequestScan scan = RequestScan.of(request, detector, patient);
    Set<Modality> modalities = request.hasImages() ? TEXT_AND_IMAGE : TEXT;
    Decided d = decide(call, scan, modalities, patient, false);
    if (d.plan != Plan.NONE && request.hasImages())
      refuse(
          call,
          d.ctx,
          Code.TRANSFORMATION_UNSUPPORTED,
          "images cannot be redacted or pseudonymized; send text only");
    ChatRequest sent =
        d.plan == Plan.NONE ? request : RequestScan.mapTexts(request, t -> transform(t, scan, d));
    if (request.endUser().isPresent())
      sent = sent.toBuilder().endUser(records.endUserPseudonym(request.endUser().get())).build();
    Call next = seal(call, sent, scan, d, request.endUser().orElse(null));
    ChatEventSource source;
    try {
      source = chain.proceed(next);
    } catch (RuntimeException e) {
      d.ctx.close();
      throw e;
    }
    return new RestoringSource(source, d.ctx);
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    EmbeddingRequest request = call.embeddingRequest();
    KnownPatient patient = request.compliance().knownPatient().orElse(null);
    RequestScan scan = RequestScan.of(request.inputs(), detector, patient);
    Decided d = decide(call, scan, EMBEDDING, patient, true);
    EmbeddingRequest sent = request;
    if (d.plan != Plan.NONE) {
      List<String> inputs = new ArrayList<>(request.inputs().size());
      for (String in : request.inputs()) inputs.add(transform(in, scan, d));
      sent = request.toBuilder().inputs(inputs).build();
    }
    if (request.endUser().isPresent())
      sent = sent.toBuilder().endUser(records.endUserPseudonym(request.endUser().get())).build();
    Call next = seal(call, sent, scan, d, request.endUser().orElse(null));
    EmbeddingResponse response = chain.proceed(next);
    return response.toBuilder().compliance(d.ctx.summary(null)).build();
  }

  private record Decided(ComplianceContext ctx, Plan plan, boolean limitedDataSet) {}

  /**
   * The call as it proceeds: the transformed request on the decided route, with the decision's seal
   * left for the chain to hold every later stage to.
   */
  private Call seal(
      Call call, dev.switchboard.ModelRequest sent, RequestScan scan, Decided d, String endUser) {
    Route route = new Route(call.route().strategy(), d.ctx.decision().eligible());
    call.attributes()
        .put(
            DecisionSeal.KEY,
            new Seal(
                d.ctx,
                route,
                sent,
                // only a transformation removes values that must not come back
                d.plan != Plan.NONE ? scan.foundValues() : List.of(),
                d.plan != Plan.NONE,
                endUser,
                profiles,
                trail,
                records));
    return call.withRequest(sent).withRoute(route);
  }

  private Decided decide(
      Call call,
      RequestScan scan,
      Set<Modality> modalities,
      KnownPatient patient,
      boolean embedding) {
    ComplianceTags declared = call.request().compliance();
    ComplianceTags effective = declared;
    if (policy.escalates()) {
      DataClass implied = scan.impliedClass(declared.dataClass());
      effective =
          declared.raise(
              implied == DataClass.UNSPECIFIED ? declared.dataClass() : implied,
              scan.sensitivity());
    }
    PolicyDecision decision =
        policy.evaluate(
            new PolicyInput(
                effective,
                modalities,
                call.route().targets(),
                profiles,
                call.request().pinnedProvider().orElse(null),
                scan.findings(),
                LocalDate.now(clock),
                declared));
    Plan plan = plan(decision.obligations(), embedding);
    boolean lds = effective.dataClass() == DataClass.LIMITED_DATA_SET;
    PseudonymVault vault = plan == Plan.PSEUDONYMIZE ? new PseudonymVault() : null;
    ComplianceContext ctx =
        new ComplianceContext(
            effective,
            decision,
            scan,
            transformations(decision, plan, lds),
            vault,
            detector,
            patient,
            declared,
            raises(declared, effective, scan),
            enforced(decision.obligations(), plan));
    call.attributes().put(ComplianceContext.KEY, ctx);
    log.debug(
        "call {} compliance decision {} rules={} transforms={} findings={}",
        call.id(),
        decision.decision(),
        decision.ruleIds(),
        ctx.transformations(),
        scan.findings());
    if (decision.blocked()) {
      String eventId = AuditStage.write(trail, records.decision(call, ctx), decision.policyHash());
      ctx.decisionEventId(eventId);
      throw decision.toException(eventId);
    }
    return new Decided(ctx, plan, lds);
  }

  private void refuse(Call call, ComplianceContext ctx, Code code, String hint) {
    String eventId =
        AuditStage.write(
            trail, records.refusal(call, ctx, code.name()), ctx.decision().policyHash());
    ctx.close();
    throw new ComplianceViolationException(
        code, "defaults", ctx.decision().policyHash(), eventId, hint, null);
  }

  /** Each tag detection raised, with the finding types or lexicon hits behind it. */
  static List<ComplianceSummary.Raise> raises(
      ComplianceTags declared, ComplianceTags effective, RequestScan scan) {
    List<ComplianceSummary.Raise> out = new ArrayList<>();
    if (effective.dataClass() != declared.dataClass()) {
      String value = effective.dataClass().code();
      for (FindingType t : scan.phiTypes(declared.dataClass()))
        out.add(new ComplianceSummary.Raise("dataClass", value, "finding:" + t.name()));
    }
    Set<String> added = new java.util.TreeSet<>(effective.sensitivity());
    added.removeAll(declared.sensitivity());
    for (String code : added) {
      Set<String> by = new java.util.TreeSet<>();
      for (SensitivityHit h : scan.hits()) {
        if (h.code().equalsIgnoreCase(code)) by.add(h.recognizer());
      }
      if (by.isEmpty()) by.add("lexicon");
      for (String r : by) out.add(new ComplianceSummary.Raise("sensitivity", code, "lexicon:" + r));
    }
    if (effective.confidentiality() != declared.confidentiality()) {
      out.add(
          new ComplianceSummary.Raise(
              "confidentiality",
              effective.confidentiality().name(),
              "sensitivity:" + String.join(",", added)));
    }
    return out;
  }

  /**
   * The obligations the SDK carries out itself: the transformation the plan applies and the audit
   * trail (a policy always has one). Others, such as human approval, are the application's.
   */
  static Set<Obligation> enforced(Set<Obligation> obligations, Plan plan) {
    Set<Obligation> out = EnumSet.noneOf(Obligation.class);
    for (Obligation o : obligations) {
      boolean done =
          switch (o) {
            case AUDTR -> true;
            case DEID -> plan == Plan.GENERALIZE;
            case REDACT, MASK -> plan == Plan.MASK || plan == Plan.GENERALIZE;
            case PSEUD -> plan != Plan.NONE;
            case MINEC -> plan != Plan.NONE;
            default -> false;
          };
      if (done) out.add(o);
    }
    return out;
  }

  static Plan plan(Set<Obligation> obligations, boolean embedding) {
    if (obligations.contains(Obligation.DEID)) return Plan.GENERALIZE;
    if (obligations.contains(Obligation.REDACT) || obligations.contains(Obligation.MASK))
      return Plan.MASK;
    if (obligations.contains(Obligation.PSEUD)) return embedding ? Plan.MASK : Plan.PSEUDONYMIZE;
    if (obligations.contains(Obligation.MINEC)) return Plan.MASK;
    return Plan.NONE;
  }

  private static List<String> transformations(PolicyDecision d, Plan plan, boolean lds) {
    List<String> out = new ArrayList<>();
    if (lds && plan != Plan.NONE && plan != Plan.GENERALIZE) out.add("LDS:KEEP_DATES_ZIP_AGES");
    switch (plan) {
      case GENERALIZE -> out.add("DEID:GENERALIZE");
      case MASK -> out.add("REDACT:TYPE_MASK");
      case PSEUDONYMIZE -> out.add("PSEUD");
      case NONE -> {}
    }
    if (plan != Plan.NONE && d.obligations().contains(Obligation.MINEC)) out.add("MINEC");
    return out;
  }

  /**
   * Applies the plan to one text. For a limited data set (still one after detection), masking and
   * pseudonymizing take out only the direct identifiers and keep what a limited data set may keep
   * (dates, five-digit ZIP, ages); de-identification generalizes everything, the Safe Harbor way.
   */
  private String transform(String text, RequestScan scan, Decided d) {
    var findings = scan.findingsFor(text);
    if (d.limitedDataSet && d.plan != Plan.GENERALIZE)
      findings = RequestScan.directIdentifiers(findings);
    if (findings.isEmpty()) return text;
    return switch (d.plan) {
      case PSEUDONYMIZE -> d.ctx.vault.pseudonymize(text, findings);
      case MASK -> Redactor.redact(text, findings, RedactionMode.TYPE_MASK, clock);
      case GENERALIZE -> Redactor.redact(text, findings, RedactionMode.GENERALIZE, clock);
      case NONE -> text;
    };
  }

  /** Restores the answer's pseudonyms as it passes and attaches the compliance summary. */
  private static final class RestoringSource implements ChatEventSource {
    private final ChatEventSource source;
    private final ComplianceContext ctx;
    private final java.util.ArrayDeque<ChatEvent> queued = new java.util.ArrayDeque<>();
    private boolean done;

    RestoringSource(ChatEventSource source, ComplianceContext ctx) {
      this.source = source;
      this.ctx = ctx;
    }

    @Override
    public ChatEvent next() {
      while (true) {
        if (!queued.isEmpty()) return queued.poll();
        if (done) return null;
        ChatEvent e = source.next();
        if (e == null) {
          done = true;
          return null;
        }
        ChatEvent out = restore(e);
        if (out != null) return out;
      }
    }

    /** The restored event, or null when all of a delta's text is held back for now. */
    private ChatEvent restore(ChatEvent e) {
      if (e instanceof ChatEvent.TextDelta t) {
        String text = ctx.restoreDelta(t.text());
        return text.isEmpty() && !t.text().isEmpty() ? null : new ChatEvent.TextDelta(text);
      }
      if (e instanceof ChatEvent.ToolCallDelta t) {
        return new ChatEvent.ToolCallDelta(
            t.index(), t.id(), t.name(), ctx.restoreArgs(t.index(), t.argumentsFragment()));
      }
      if (e instanceof ChatEvent.Completed c) {
        done = true;
        ComplianceContext.Output out = ctx.finish(c.response());
        ctx.close();
        if (!out.textTail().isEmpty()) queued.add(new ChatEvent.TextDelta(out.textTail()));
        out.argTails()
            .forEach(
                (i, tail) -> {
                  if (!tail.isEmpty()) queued.add(new ChatEvent.ToolCallDelta(i, null, null, tail));
                });
        queued.add(
            new ChatEvent.Completed(
                out.response().toBuilder().compliance(ctx.summary(out)).build()));
        return queued.poll();
      }
      return e;
    }

    @Override
    public void close() {
      try {
        source.close();
      } finally {
        ctx.close();
      }
    }
  }
}
