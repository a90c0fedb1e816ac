package dev.switchboard.compliance.audit;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;

/**
 * The audit trail cannot be written or read. A call whose record cannot be written is refused with
 * {@code AUDIT_UNAVAILABLE}; this exception is then its cause.
 *
 * @since 0.1
 */
public class AuditTrailException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public AuditTrailException(String description, Throwable cause) {
    super(description, ErrorContext.NONE, cause);
  }
}
