package dev.switchboard.error;

/**
 * No target of the logical model can serve this request (for example tools on a model without tool
 * support, or a JSON schema where none is supported). Raised before anything is sent, or when a
 * server answers that it cannot (a 501, or a 5xx saying "not supported"), then with the server's
 * reason. Not retryable: the same server gives the same answer.
 *
 * @since 0.1
 */
public class UnsupportedCapabilityException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public UnsupportedCapabilityException(String description, ErrorContext context) {
    super(description, context, null);
  }
}
