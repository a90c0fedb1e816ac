package dev.switchboard;

import dev.switchboard.compliance.ComplianceTags;
import java.util.Map;
import java.util.Optional;

/**
 * What chat and embedding requests share: the logical model, attribution tags, compliance tags and
 * provider-specific extra fields.
 *
 * @since 0.1
 */
public interface ModelRequest {

  /** The logical model name from config; empty means the client's default model. */
  Optional<String> model();

  /**
   * Free-form attribution tags (department, application, cost centre, ...). Never sent to a
   * provider.
   */
  Map<String, String> tags();

  /** What kind of data this request carries and why; drives the compliance policy. */
  ComplianceTags compliance();

  /**
   * Provider-specific fields added to the request body as they are, for example {@code top_k}.
   * Values are JSON-compatible: strings, numbers, booleans, lists and maps of those.
   */
  Map<String, Object> extras();

  /**
   * The provider the caller pinned: only the route's targets at this provider are tried, and if the
   * compliance policy finds it ineligible the call is refused, never moved elsewhere.
   */
  default Optional<String> pinnedProvider() {
    return Optional.empty();
  }
}
