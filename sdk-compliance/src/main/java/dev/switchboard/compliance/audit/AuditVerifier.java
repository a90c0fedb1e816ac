package dev.switchboard.compliance.audit;

import dev.switchboard.compliance.internal.audit.FileAuditTrail;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Verifies audit trails without writing to them: walks the chain and names the first broken link
 * (edited, deleted, reordered, truncated or malformed record).
 *
 * @since 0.1
 */
public final class AuditVerifier {
  private AuditVerifier() {}

  /**
   * Walks a JSON-lines audit file, read-only.
   *
   * @param checkpoint a head kept elsewhere, to catch records cut from the end; may be null
   * @throws AuditTrailException if the file cannot be read
   */
  public static ChainVerification verifyFile(Path file, @Nullable Checkpoint checkpoint) {
    return FileAuditTrail.verifyFile(file, checkpoint);
  }
}
