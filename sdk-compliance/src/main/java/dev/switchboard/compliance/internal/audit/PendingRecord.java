package dev.switchboard.compliance.internal.audit;

/**
 * A record that is chained and queued (or already written) but whose fsync may still be running:
 * the pipeline overlaps the decision record's fsync with the vendor call ({@code sync: overlap})
 * and awaits it before it releases the answer.
 */
public interface PendingRecord {
  /** The record's event id, known as soon as the record is prepared. */
  String eventId();

  /**
   * Returns once the record is as durable as the trail's mode promises.
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it could not be written or
   *     forced; the record is then not part of the chain
   */
  void awaitDurable();

  /** False for a record known to be durable already: there is nothing to await. */
  default boolean mayBePending() {
    return true;
  }

  /** A record that was durable when it was returned. */
  static PendingRecord durable(String eventId) {
    return new PendingRecord() {
      @Override
      public String eventId() {
        return eventId;
      }

      @Override
      public void awaitDurable() {
        // nothing left to wait for
      }

      @Override
      public boolean mayBePending() {
        return false;
      }
    };
  }
}
