package dev.switchboard.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.auth.Secret;
import dev.switchboard.internal.Json;
import dev.switchboard.spi.ProviderSettings;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * One mapping of the config file, read with path-aware problem reporting. Remembers which keys were
 * read, so that {@link #reportUnknownKeys()} can name every key nobody asked for. Values are never
 * quoted in problems.
 */
public final class SettingsNode implements ProviderSettings {
  private final String path;
  private final ObjectNode node;
  private final List<String> problems;
  // Shared by every node of one document: the stable codes of documents it names that were
  // invalid (POLICY_INVALID), so the config's exception carries them on code().
  private final Set<String> codes;
  private final Function<String, String> env;
  private final Set<String> read = new HashSet<>();
  private final List<SettingsNode> children = new ArrayList<>();

  SettingsNode(
      String path,
      ObjectNode node,
      List<String> problems,
      Set<String> codes,
      Function<String, String> env) {
    this.path = path;
    this.node = node;
    this.problems = problems;
    this.codes = codes;
    this.env = env;
  }

  /** A root section over a parsed document. */
  public static SettingsNode root(
      ObjectNode node, List<String> problems, Function<String, String> env) {
    return root(node, problems, new LinkedHashSet<>(), env);
  }

  /**
   * A root section whose coded problems ({@link #problem(String, String, String)}) add their code
   * to {@code codes}, in the order reported.
   */
  public static SettingsNode root(
      ObjectNode node, List<String> problems, Set<String> codes, Function<String, String> env) {
    return new SettingsNode("", node, problems, codes, env);
  }

  @Override
  public String path() {
    return path;
  }

  /** The path of a key in this section. */
  public String pathOf(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }

  @Override
  public Set<String> keys() {
    Set<String> keys = new LinkedHashSet<>();
    node.fieldNames().forEachRemaining(keys::add);
    return keys;
  }

  @Override
  public boolean has(String key) {
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  @Override
  public void markRead(String key) {
    read.add(key);
  }

  private JsonNode get(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v == null || v.isNull() ? null : v;
  }

  private String scalar(String key, JsonNode v) {
    if (!v.isValueNode()) {
      problem(key, "must be a single value, not a " + (v.isArray() ? "list" : "mapping"));
      return null;
    }
    return Substitution.apply(v.asText(), env, msg -> problem(key, msg));
  }

  @Override
  public Optional<String> string(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    return Optional.ofNullable(scalar(key, v));
  }

  @Override
  public String requiredString(String key) {
    JsonNode v = get(key);
    if (v == null) {
      problem(key, "is required");
      return "";
    }
    String s = scalar(key, v);
    if (s != null && s.isBlank()) {
      problem(key, "must not be empty");
      return "";
    }
    return s == null ? "" : s;
  }

  @Override
  public Optional<Secret> secret(String key) {
    Optional<String> s = string(key);
    if (s.isPresent() && s.get().isBlank()) {
      problem(key, "must not be empty");
      return Optional.empty();
    }
    return s.map(Secret::of);
  }

  @Override
  public Optional<URI> url(String key) {
    return string(key)
        .flatMap(
            s -> {
              try {
                URI uri = new URI(s.trim());
                String scheme = uri.getScheme();
                if (uri.isAbsolute()
                    && uri.getHost() != null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme))) {
                  return Optional.of(uri);
                }
              } catch (URISyntaxException e) {
                // reported below
              }
              problem(key, "must be an absolute http(s) URL");
              return Optional.empty();
            });
  }

  @Override
  public Optional<Integer> integer(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    if (v.isIntegralNumber() && v.canConvertToInt()) return Optional.of(v.intValue());
    String s = v.isTextual() ? scalar(key, v) : null;
    if (s != null) {
      try {
        return Optional.of(Integer.parseInt(s.trim()));
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, "must be an integer");
    return Optional.empty();
  }

  @Override
  public Optional<Double> number(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    if (v.isNumber() && Double.isFinite(v.doubleValue())) return Optional.of(v.doubleValue());
    String s = v.isTextual() ? scalar(key, v) : null;
    if (s != null) {
      try {
        double d = Double.parseDouble(s.trim());
        // "NaN" and "Infinity" parse, but no setting means them.
        if (Double.isFinite(d)) return Optional.of(d);
        problem(key, "must be a finite number");
        return Optional.empty();
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    problem(key, "must be a number");
    return Optional.empty();
  }

  @Override
  public Optional<Boolean> bool(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    if (v.isBoolean()) return Optional.of(v.booleanValue());
    String s = v.isTextual() ? scalar(key, v) : null;
    if ("true".equalsIgnoreCase(s) || "false".equalsIgnoreCase(s))
      return Optional.of(Boolean.parseBoolean(s));
    problem(key, "must be true or false");
    return Optional.empty();
  }

  @Override
  public Optional<Duration> duration(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    String s = v.isValueNode() && !v.isNumber() ? scalar(key, v) : null;
    Duration d = s == null ? null : Durations.parse(s);
    if (d == null || d.isNegative()) {
      problem(key, "must be a duration such as 500ms, 30s, 2m or 1h");
      return Optional.empty();
    }
    return Optional.of(d);
  }

  @Override
  public Optional<String> oneOf(String key, Set<String> allowed) {
    return string(key)
        .flatMap(
            s -> {
              if (allowed.contains(s)) return Optional.of(s);
              problem(
                  key,
                  "must be one of "
                      + String.join(", ", new TreeSet<>(allowed))
                      + Suggestions.hint(s, allowed));
              return Optional.empty();
            });
  }

  @Override
  public List<String> stringList(String key) {
    JsonNode v = get(key);
    if (v == null) return List.of();
    if (v.isValueNode()) {
      String s = scalar(key, v);
      return s == null ? List.of() : List.of(s);
    }
    if (!v.isArray()) {
      problem(key, "must be a list of values");
      return List.of();
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String itemKey = key + "[" + i + "]";
      if (item == null || !item.isValueNode() || item.isNull()) {
        problem(itemKey, "must be a single value");
        continue;
      }
      String s = Substitution.apply(item.asText(), env, msg -> problem(itemKey, msg));
      if (s != null) out.add(s);
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public Map<String, String> stringMap(String key) {
    JsonNode v = get(key);
    if (v == null) return Map.of();
    if (!v.isObject()) {
      problem(key, "must be a mapping");
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = v.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      String itemKey = key + "." + e.getKey();
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        problem(itemKey, "must be a single value");
        continue;
      }
      String s = Substitution.apply(e.getValue().asText(), env, msg -> problem(itemKey, msg));
      if (s != null) out.put(e.getKey(), s);
    }
    return Collections.unmodifiableMap(out);
  }

  @Override
  public Optional<ProviderSettings> section(String key) {
    return sectionNode(key).map(n -> n);
  }

  /** A nested mapping as a {@link SettingsNode}. */
  public Optional<SettingsNode> sectionNode(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    if (!v.isObject()) {
      problem(key, "must be a mapping");
      return Optional.empty();
    }
    SettingsNode child = new SettingsNode(pathOf(key), (ObjectNode) v, problems, codes, env);
    children.add(child);
    return Optional.of(child);
  }

  @Override
  public List<ProviderSettings> sections(String key) {
    return new ArrayList<>(sectionNodes(key));
  }

  /** A list of nested mappings as {@link SettingsNode}s. */
  public List<SettingsNode> sectionNodes(String key) {
    JsonNode v = get(key);
    if (v == null) return List.of();
    if (!v.isArray()) {
      problem(key, "must be a list");
      return List.of();
    }
    List<SettingsNode> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (item == null || !item.isObject()) {
        problem(key + "[" + i + "]", "must be a mapping");
        continue;
      }
      SettingsNode child =
          new SettingsNode(pathOf(key) + "[" + i + "]", (ObjectNode) item, problems, codes, env);
      children.add(child);
      out.add(child);
    }
    return out;
  }

  @Override
  public Optional<Object> raw(String key) {
    JsonNode v = get(key);
    if (v == null) return Optional.empty();
    return Optional.of(Json.MAPPER.convertValue(v, Object.class));
  }

  @Override
  public void markAllRead() {
    node.fieldNames().forEachRemaining(read::add);
  }

  @Override
  public void problem(String key, String message) {
    problems.add((key == null ? (path.isEmpty() ? "(root)" : path) : pathOf(key)) + ": " + message);
  }

  @Override
  public void problem(String key, String message, String code) {
    codes.add(code);
    problem(key, code + " " + message);
  }

  /** Keys something asked for that the file does not have: the candidates for a typo. */
  private Set<String> askedButAbsent() {
    Set<String> out = new TreeSet<>(read);
    node.fieldNames().forEachRemaining(out::remove);
    return out;
  }

  /**
   * Reports, for this section and every section read from it, each key that nothing read; a
   * top-level key that starts with {@code x-} is a place to define anchors and is never reported.
   */
  public void reportUnknownKeys() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      // Top-level x- keys hold shared sections for anchors (&name) only, as in Compose files.
      boolean extension = path.isEmpty() && key.startsWith("x-");
      if (!read.contains(key) && !extension)
        problems.add(pathOf(key) + ": unknown key" + Suggestions.hint(key, askedButAbsent()));
    }
    for (SettingsNode child : children) child.reportUnknownKeys();
  }
}
