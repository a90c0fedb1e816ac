package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEvent;

/**
 * A trail that can append a record and return only its event id, which is all the pipeline keeps of
 * a record: building the full {@link dev.switchboard.compliance.audit.AuditEntry} (its record map,
 * canonical JSON string and hex hashes) twice per call would be most of the audit's garbage.
 */
public interface EventIdAppender {
  /**
   * Appends the event; an {@code outcome} record may have its durability deferred, as {@link
   * dev.switchboard.compliance.audit.AuditTrail#appendDeferred} says.
   *
   * @return the record's event id
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it cannot be written
   */
  String appendForEventId(AuditEvent event, boolean outcome);

  /**
   * Appends a decision record whose fsync may run while the caller goes on (the file trail under
   * {@code sync: overlap}); every other trail and mode returns once it is durable. The caller must
   * {@link PendingRecord#awaitDurable} before it releases anything the record vouches for.
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it cannot be queued or written
   */
  default PendingRecord appendDecision(AuditEvent event) {
    return PendingRecord.durable(appendForEventId(event, false));
  }
}
