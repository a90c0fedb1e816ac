package dev.switchboard.wire.internal.openai;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * vLLM's structured output constraints. vLLM deprecated the top-level {@code guided_json}, {@code
 * guided_regex}, {@code guided_choice}, {@code guided_grammar} fields in 0.10.2 and removed them in
 * 0.12, after which they are <em>silently ignored</em>: the answer comes back unconstrained with
 * HTTP 200. This moves them into {@code structured_outputs} ({@code json}, {@code regex}, {@code
 * choice}, {@code grammar}, {@code whitespace_pattern}), so callers written for older servers keep
 * their constraints. Thread-safe (stateless).
 */
public final class StructuredOutputs {
  /** The legacy field and its key inside {@code structured_outputs}. */
  private static final Map<String, String> GUIDED =
      Map.of(
          "guided_json", "json",
          "guided_regex", "regex",
          "guided_choice", "choice",
          "guided_grammar", "grammar",
          "guided_whitespace_pattern", "whitespace_pattern");

  private StructuredOutputs() {}

  /**
   * The extras with every {@code guided_*} field moved into {@code structured_outputs}. Keys the
   * caller already set in a {@code structured_outputs} map win. {@code guided_decoding_backend} is
   * dropped: the backend is a server setting in current vLLM. Returns the same map when there is
   * nothing to move.
   */
  public static Map<String, Object> fromGuided(Map<String, Object> extras) {
    boolean any = extras.containsKey("guided_decoding_backend");
    for (String k : GUIDED.keySet()) any |= extras.containsKey(k);
    if (!any) return extras;
    Map<String, Object> out = new LinkedHashMap<>();
    Map<String, Object> constraints = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : extras.entrySet()) {
      String target = GUIDED.get(e.getKey());
      if (target != null) {
        constraints.put(target, e.getValue());
      } else if (!e.getKey().equals("guided_decoding_backend")
          && !e.getKey().equals("structured_outputs")) {
        out.put(e.getKey(), e.getValue());
      }
    }
    if (extras.get("structured_outputs") instanceof Map<?, ?> given) {
      for (Map.Entry<?, ?> e : given.entrySet())
        constraints.put(String.valueOf(e.getKey()), e.getValue());
    }
    if (!constraints.isEmpty()) out.put("structured_outputs", constraints);
    return out;
  }
}
