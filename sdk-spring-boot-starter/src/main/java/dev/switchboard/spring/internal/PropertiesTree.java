package dev.switchboard.spring.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code switchboard.*} properties of a Spring environment as the YAML document of the core's
 * config schema: {@code switchboard.models.notes.targets[0].provider} becomes {@code models:
 * {notes: {targets: [{provider: ...}]}}}. Values come from {@link
 * ConfigurableEnvironment#getProperty}, so Spring has resolved their {@code ${...}} placeholders;
 * the document is then read by the core's own loader, which gives the same validation messages, by
 * path, as a {@code switchboard.yaml}.
 */
public final class PropertiesTree {
  /** The starter's own keys, which are not part of the config schema. */
  public static final Set<String> STARTER_KEYS =
      Set.of("config-file", "mock", "telemetry", "enabled");

  private static final String PREFIX = "switchboard.";

  private PropertiesTree() {}

  /** The property names under {@code switchboard.} that belong to the config schema. */
  public static Set<String> schemaKeys(ConfigurableEnvironment env) {
    Set<String> keys = new TreeSet<>();
    for (PropertySource<?> source : env.getPropertySources()) {
      if (!(source instanceof EnumerablePropertySource<?> e)) continue;
      for (String name : e.getPropertyNames()) {
        if (!name.startsWith(PREFIX)) continue;
        String rest = name.substring(PREFIX.length());
        String top = firstSegment(rest);
        if (!STARTER_KEYS.contains(top)) keys.add(name);
      }
    }
    return keys;
  }

  /** The YAML document, or empty when no schema property is set. */
  public static Optional<String> yaml(ConfigurableEnvironment env) {
    Set<String> keys = schemaKeys(env);
    if (keys.isEmpty()) return Optional.empty();
    Map<Object, Object> root = new LinkedHashMap<>();
    for (String key : keys) {
      Object value = env.getProperty(key, Object.class);
      if (value == null) continue;
      if (!(value instanceof Number || value instanceof Boolean)) value = value.toString();
      put(root, path(key.substring(PREFIX.length())), 0, value);
    }
    if (root.isEmpty()) return Optional.empty();
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return Optional.of(new Yaml(options).dump(lists(root)));
  }

  private static String firstSegment(String rest) {
    int end = rest.length();
    int dot = rest.indexOf('.');
    int bracket = rest.indexOf('[');
    if (dot >= 0) end = dot;
    if (bracket >= 0 && bracket < end) end = bracket;
    return rest.substring(0, end);
  }

  /** {@code a.b[0].c} as {@code [a, b, 0, c]}; indexes as Integers, {@code [x.y]} as a map key. */
  static List<Object> path(String key) {
    List<Object> parts = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      if (c == '.') {
        if (word.length() > 0) parts.add(word.toString());
        word.setLength(0);
      } else if (c == '[') {
        if (word.length() > 0) parts.add(word.toString());
        word.setLength(0);
        int close = key.indexOf(']', i);
        String inside = key.substring(i + 1, close < 0 ? key.length() : close);
        parts.add(
            inside.chars().allMatch(Character::isDigit) && !inside.isEmpty()
                ? (Object) Integer.valueOf(inside)
                : inside);
        i = close < 0 ? key.length() : close;
      } else {
        word.append(c);
      }
    }
    if (word.length() > 0) parts.add(word.toString());
    return parts;
  }

  @SuppressWarnings("unchecked")
  private static void put(Map<Object, Object> node, List<Object> path, int at, Object value) {
    Object key = path.get(at);
    if (at == path.size() - 1) {
      node.put(key, value);
      return;
    }
    Object next = path.get(at + 1);
    Object child = node.get(key);
    if (!(child instanceof Map)) {
      // indexes collect in a sorted map first, turned into a list once the tree is complete
      child = next instanceof Integer ? new TreeMap<Object, Object>() : new LinkedHashMap<>();
      node.put(key, child);
    }
    put((Map<Object, Object>) child, path, at + 1, value);
  }

  /** Maps whose keys are all indexes become lists, in index order. */
  private static Object lists(Object node) {
    if (!(node instanceof Map<?, ?> map)) return node;
    boolean indexed = !map.isEmpty() && map.keySet().stream().allMatch(k -> k instanceof Integer);
    if (indexed) {
      List<Object> list = new ArrayList<>();
      map.values().forEach(v -> list.add(lists(v)));
      return list;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    map.forEach((k, v) -> out.put(k.toString(), lists(v)));
    return out;
  }
}
