package dev.switchboard.error;

import java.util.Set;

/**
 * The provider's safety system refused the prompt. Not retryable, and never retried on a weaker
 * provider. The categories (hate, self_harm, jailbreak, ...) say which filters fired; clinical text
 * such as a self-harm assessment can trip them.
 *
 * @since 0.1
 */
public class ContentFilteredException extends ServiceException {
  private static final long serialVersionUID = 1L;

  private final Set<String> categories;

  public ContentFilteredException(
      String description, ErrorContext context, Set<String> categories) {
    super(
        description + (categories == null || categories.isEmpty() ? "" : " " + sorted(categories)),
        context,
        null,
        null);
    this.categories = categories == null ? Set.of() : Set.copyOf(categories);
  }

  private static String sorted(Set<String> categories) {
    return new java.util.TreeSet<>(categories).toString();
  }

  /** The stable code of a vendor content-filter refusal, as the audit trail records it. */
  public static final String CODE = "PROVIDER_CONTENT_FILTERED";

  /**
   * {@value #CODE}: a vendor's content filter is an outcome of its own, not a transport or service
   * failure, and it is never retried on a weaker provider.
   */
  public String code() {
    return CODE;
  }

  /** The filter categories that fired; empty when the provider did not say. */
  public Set<String> categories() {
    return categories;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
