package dev.switchboard.compliance.audit;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The result of walking a hash chain: intact, or the first broken link.
 *
 * @param records how many records were read
 * @param headSeq the last intact record's seq, or -1 if none
 * @param headHash the last intact record's hash, or the genesis value if none
 * @param broken the first broken link, or null if the chain is intact
 * @since 0.1
 */
public record ChainVerification(
    long records, long headSeq, String headHash, @Nullable Break broken) {
  /** How a chain is broken. */
  public enum Kind {
    /** A record's content, or its link to the previous record, was changed. */
    EDITED,
    /** One or more records are missing from the middle of the chain. */
    DELETED,
    /** A record appears out of order (or twice). */
    REORDERED,
    /** The chain ends early: a torn last line, or fewer records than a checkpoint vouches for. */
    TRUNCATED,
    /** A record cannot be read at all. */
    MALFORMED
  }

  /**
   * The first broken link.
   *
   * @param kind how it is broken
   * @param position where: the seq expected at that point
   * @param line the line (file, from 1) or row (database, from 1) where it was found
   * @param detail what was found, without record content
   */
  public record Break(Kind kind, long position, long line, String detail) {}

  public boolean intact() {
    return broken == null;
  }

  public Optional<Break> firstBreak() {
    return Optional.ofNullable(broken);
  }

  /** One line for people: {@code intact: 42 records, head 41 ab12...} or the break. */
  public String describe() {
    if (broken == null) {
      return "intact: " + records + " records, head seq " + headSeq + " hash " + headHash;
    }
    return "BROKEN at seq "
        + broken.position()
        + " (line "
        + broken.line()
        + "): "
        + broken.kind()
        + ": "
        + broken.detail();
  }
}
