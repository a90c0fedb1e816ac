package dev.switchboard.wire.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.SafetyResult;
import dev.switchboard.chat.SafetyResult.Category;
import dev.switchboard.chat.SafetyResult.Target;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads Azure content-safety results ({@code content_filter_results} on choices and chunks, {@code
 * prompt_filter_results} / the older {@code prompt_annotations} at the top level, and the inner
 * object of a 400 content-filter error) into neutral {@link SafetyResult} verdicts. Lenient: every
 * key is optional, unknown categories are kept by name.
 */
public final class ContentFilters {
  private ContentFilters() {}

  /** The verdicts in one {@code content_filter_results} object. */
  public static List<Category> categories(JsonNode results, Target target) {
    List<Category> out = new ArrayList<>();
    if (results == null || !results.isObject()) return out;
    for (Iterator<Map.Entry<String, JsonNode>> it = results.properties().iterator();
        it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      JsonNode v = e.getValue();
      if (e.getKey().equals("error") || !v.isObject())
        continue; // "error": the filter itself failed
      if (!v.has("filtered") && !v.has("detected") && !v.has("severity")) continue;
      out.add(
          new Category(
              target,
              e.getKey(),
              v.path("filtered").asBoolean(false),
              v.path("detected").asBoolean(false),
              SafetyResult.Severity.of(v.path("severity").asText(null))));
    }
    return out;
  }

  /**
   * The prompt verdicts of a response or chunk ({@code prompt_filter_results} or {@code
   * prompt_annotations}).
   */
  public static List<Category> promptCategories(JsonNode root) {
    JsonNode list = root.get("prompt_filter_results");
    if (list == null || !list.isArray()) list = root.get("prompt_annotations");
    List<Category> out = new ArrayList<>();
    if (list == null || !list.isArray()) return out;
    for (JsonNode item : list) {
      JsonNode r = item.get("content_filter_results");
      if (r == null) r = item.get("content_filter_result");
      out.addAll(categories(r, Target.PROMPT));
    }
    return out;
  }

  /** The completion verdicts of one choice. */
  public static List<Category> completionCategories(JsonNode choice) {
    JsonNode r = choice.get("content_filter_results");
    if (r == null) r = choice.get("content_filter_result");
    return categories(r, Target.COMPLETION);
  }
}
