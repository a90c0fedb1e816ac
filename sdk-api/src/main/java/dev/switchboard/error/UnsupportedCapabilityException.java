package dev.switchboard.error;

/**
 * No target of the logical model can serve this request (for example tools on a model without tool
 * support, or a JSON schema where none is supported). Raised before anything is sent.
 *
 * @since 0.1
 */
public class UnsupportedCapabilityException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public UnsupportedCapabilityException(String description, ErrorContext context) {
    super(description, context, null);
  }
}
