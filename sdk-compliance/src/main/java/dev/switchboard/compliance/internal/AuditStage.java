package dev.switchboard.compliance.internal;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.internal.audit.EventIdAppender;
import dev.switchboard.compliance.internal.audit.PendingRecord;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.pipeline.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the decision record (durably) before the call proceeds and the outcome record after it
 * (durably unless the trail defers outcome records, {@code sync: decisions}): when a (streamed)
 * answer completes, fails, or is closed early. Fail closed: if the decision record cannot be
 * written nothing is sent, and if the outcome record of a completed answer cannot be written the
 * answer is withheld; both surface as {@code AUDIT_UNAVAILABLE}.
 */
public final class AuditStage implements CallInterceptor {
  private static final Logger log = LoggerFactory.getLogger(AuditStage.class);

  private final AuditTrail trail;
  private final AuditRecords records;

  public AuditStage(AuditTrail trail, AuditRecords records) {
    this.trail = trail;
    this.records = records;
  }

  /**
   * Appends a record, turning any failure into a refusal.
   *
   * @return the record's event id
   * @throws ComplianceViolationException with {@code AUDIT_UNAVAILABLE} if the record cannot be
   *     written
   */
  static String write(AuditTrail trail, AuditEvent event, String policyHash) {
    try {
      if (trail instanceof EventIdAppender fast) return fast.appendForEventId(event, false);
      return trail.append(event).eventId();
    } catch (RuntimeException e) {
      throw new ComplianceViolationException(
          Code.AUDIT_UNAVAILABLE,
          "defaults.audit",
          policyHash,
          null,
          "the audit record cannot be written, so the call is refused (fail closed)",
          e);
    }
  }

  /**
   * Appends the decision record; under {@code sync: overlap} its fsync may still be running when
   * this returns (see {@link #awaitDecision}).
   *
   * @throws ComplianceViolationException with {@code AUDIT_UNAVAILABLE} if the record cannot be
   *     written
   */
  static PendingRecord writeDecision(AuditTrail trail, AuditEvent event, String policyHash) {
    if (!(trail instanceof EventIdAppender fast))
      return PendingRecord.durable(write(trail, event, policyHash));
    try {
      return fast.appendDecision(event);
    } catch (RuntimeException e) {
      throw unavailable(policyHash, e);
    }
  }

  /**
   * Waits until the decision record is durable, before anything it vouches for is released.
   *
   * @throws ComplianceViolationException with {@code AUDIT_UNAVAILABLE} if it could not be forced
   */
  static void awaitDecision(PendingRecord decision, String policyHash) {
    try {
      decision.awaitDurable();
    } catch (RuntimeException e) {
      throw unavailable(policyHash, e);
    }
  }

  private static ComplianceViolationException unavailable(String policyHash, RuntimeException e) {
    return new ComplianceViolationException(
        Code.AUDIT_UNAVAILABLE,
        "defaults.audit",
        policyHash,
        null,
        "the audit record cannot be written, so the call is refused (fail closed)",
        e);
  }

  /**
   * Appends an outcome record, whose durability the trail may defer to its next fsync ({@code sync:
   * decisions}), turning any failure into a refusal.
   */
  static String writeOutcome(AuditTrail trail, AuditEvent event, String policyHash) {
    try {
      if (trail instanceof EventIdAppender fast) return fast.appendForEventId(event, true);
      return trail.appendDeferred(event).eventId();
    } catch (RuntimeException e) {
      throw new ComplianceViolationException(
          Code.AUDIT_UNAVAILABLE,
          "defaults.audit",
          policyHash,
          null,
          "the audit record cannot be written, so the call is refused (fail closed)",
          e);
    }
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    ComplianceContext ctx = call.attributes().get(ComplianceContext.KEY).orElse(null);
    String policyHash = ctx == null ? null : ctx.decision().policyHash();
    PendingRecord decision = writeDecision(trail, records.decision(call, ctx), policyHash);
    String decisionId = decision.eventId();
    if (ctx != null) ctx.decisionEventId(decisionId);
    ChatEventSource source;
    try {
      source = chain.proceed(call);
    } catch (RuntimeException e) {
      if (decisionKept(decision)) writeQuietly(records.failure(call, decisionId, e, false));
      throw e;
    }
    // Under sync: overlap the decision's fsync ran alongside the vendor call: nothing of the
    // answer is released, and no outcome is recorded, before it succeeded.
    ChatEventSource gated = source;
    if (decision.mayBePending()) {
      boolean[] awaited = {false};
      gated =
          EventSources.map(
              source,
              e -> {
                if (!awaited[0]) {
                  awaitDecision(decision, policyHash);
                  awaited[0] = true;
                }
                return e;
              });
    }
    ChatEventSource audited =
        EventSources.mapResponse(
            gated,
            raw -> {
              ComplianceContext.Output out = ctx == null ? null : ctx.finish(raw);
              writeOutcome(trail, records.chatOutcome(call, decisionId, raw, out), policyHash);
              return raw;
            });
    return EventSources.observe(
        audited,
        new StreamObserver() {
          @Override
          public void onFailed(RuntimeException failure) {
            if (!(failure instanceof ComplianceViolationException) && decisionKept(decision))
              writeQuietly(records.failure(call, decisionId, failure, false));
          }

          @Override
          public void onClosedEarly() {
            if (decisionKept(decision)) writeQuietly(records.failure(call, decisionId, null, true));
          }
        });
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    ComplianceContext ctx = call.attributes().get(ComplianceContext.KEY).orElse(null);
    String policyHash = ctx == null ? null : ctx.decision().policyHash();
    PendingRecord decision = writeDecision(trail, records.decision(call, ctx), policyHash);
    String decisionId = decision.eventId();
    if (ctx != null) ctx.decisionEventId(decisionId);
    EmbeddingResponse r;
    try {
      r = chain.proceed(call);
    } catch (RuntimeException e) {
      if (decisionKept(decision)) writeQuietly(records.failure(call, decisionId, e, false));
      throw e;
    }
    awaitDecision(decision, policyHash);
    writeOutcome(
        trail,
        records.embedOutcome(
            call,
            decisionId,
            r.provider(),
            r.model(),
            r.requestId().orElse(null),
            r.embeddings().size(),
            r.usage().inputTokens(),
            r.cost().orElse(null)),
        policyHash);
    return r;
  }

  /**
   * Whether the decision record made it to disk (waiting for an overlapped one): a failure record
   * pointing at a decision the trail cut back would name a record that does not exist.
   */
  private static boolean decisionKept(PendingRecord decision) {
    try {
      decision.awaitDurable();
      return true;
    } catch (RuntimeException e) {
      log.warn(
          "the audit decision record could not be forced to disk: {}",
          e.getClass().getSimpleName());
      return false;
    }
  }

  /**
   * The outcome of a call that already failed: a write failure cannot change it, so it is logged.
   */
  private void writeQuietly(AuditEvent event) {
    try {
      if (trail instanceof EventIdAppender fast) fast.appendForEventId(event, true);
      else trail.appendDeferred(event);
    } catch (RuntimeException e) {
      log.warn("the audit outcome record could not be written: {}", e.getClass().getSimpleName());
    }
  }
}
