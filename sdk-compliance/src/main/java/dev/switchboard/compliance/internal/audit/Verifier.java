package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.ChainVerification.Break;
import dev.switchboard.compliance.audit.ChainVerification.Kind;
import dev.switchboard.compliance.audit.Checkpoint;

/**
 * Walks stored records in order and finds the first broken link. Feed it every stored record (or an
 * unreadable line), then ask for the result; optionally with a checkpoint that vouches for a head,
 * which catches truncation of whole records at the end.
 */
public final class Verifier {
  private final Checkpoint checkpoint;
  private String hashAtCheckpoint;
  private long expectedSeq;
  private String prev = AuditEntry.GENESIS_PREV;
  private long records;
  private long firstSeqAfterGap;
  private Break broken;

  /** A verifier; with a checkpoint (may be null) it also catches a cut end. */
  public Verifier(Checkpoint checkpoint) {
    this.checkpoint = checkpoint;
  }

  /** A record that could not be parsed; {@code last} tells whether it was the last line. */
  public void unreadable(long line, boolean last) {
    if (broken != null) return;
    records++;
    broken =
        last
            ? new Break(
                Kind.TRUNCATED,
                expectedSeq,
                line,
                "the last record is incomplete (a torn write or a cut file)")
            : new Break(
                Kind.MALFORMED, expectedSeq, line, "the record is not a well-formed chain entry");
  }

  /** A parsed record with its stored links. */
  public void accept(long line, Chain.Stored s) {
    Object seqValue = s.record().get("seq");
    long seq = seqValue instanceof Number n ? n.longValue() : -1;
    if (broken != null) {
      // A "missing" record that turns up later was moved, not deleted.
      if (broken.kind() == Kind.DELETED && seq == broken.position()) {
        broken =
            new Break(
                Kind.REORDERED,
                broken.position(),
                broken.line(),
                "found seq "
                    + firstSeqAfterGap
                    + " where seq "
                    + broken.position()
                    + " belongs; seq "
                    + seq
                    + " appears later, at line "
                    + line);
      }
      return;
    }
    records++;
    if (seq > expectedSeq) {
      firstSeqAfterGap = seq;
      broken =
          new Break(
              Kind.DELETED,
              expectedSeq,
              line,
              "records "
                  + expectedSeq
                  + (seq - 1 > expectedSeq ? ".." + (seq - 1) : "")
                  + " are missing; found seq "
                  + seq);
    } else if (seq < expectedSeq) {
      broken =
          new Break(
              Kind.REORDERED,
              expectedSeq,
              line,
              "found seq " + seq + " where seq " + expectedSeq + " belongs");
    } else if (!s.prev().equals(prev)) {
      broken =
          new Break(
              Kind.EDITED,
              expectedSeq,
              line,
              "the link to the previous record does not match its hash"
                  + " (the previous record was changed, or this one was moved)");
    } else {
      String computed = Chain.hash(prev, Jcs.canonicalize(s.record()));
      if (!computed.equals(s.hash())) {
        broken =
            new Break(
                Kind.EDITED, expectedSeq, line, "the record's content does not match its hash");
      } else {
        if (checkpoint != null && seq == checkpoint.seq()) hashAtCheckpoint = computed;
        prev = computed;
        expectedSeq++;
      }
    }
  }

  /** The result: intact, or the first break (including a chain cut before the checkpoint). */
  public ChainVerification result() {
    Break b = broken;
    if (b == null && checkpoint != null) {
      if (expectedSeq <= checkpoint.seq()) {
        b =
            new Break(
                Kind.TRUNCATED,
                expectedSeq,
                records + 1,
                "the chain ends at seq "
                    + (expectedSeq - 1)
                    + " but the checkpoint vouches for seq "
                    + checkpoint.seq());
      } else if (!checkpoint.hash().equals(hashAtCheckpoint)) {
        b =
            new Break(
                Kind.EDITED,
                checkpoint.seq(),
                checkpoint.seq() + 1,
                "the hash at seq " + checkpoint.seq() + " differs from the checkpoint");
      }
    }
    return new ChainVerification(records, expectedSeq - 1, prev, b);
  }

  /** The next seq an intact chain expects. */
  public long expectedSeq() {
    return expectedSeq;
  }
}
