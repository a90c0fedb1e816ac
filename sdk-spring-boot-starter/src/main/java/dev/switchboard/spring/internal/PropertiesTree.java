package dev.switchboard.spring.internal;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName.Form;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The {@code switchboard.*} properties of a Spring environment as the YAML document of the core's
 * config schema: {@code switchboard.models.notes.targets[0].provider} becomes {@code models:
 * {notes: {targets: [{provider: ...}]}}}. Names are read through Spring Boot's configuration
 * property sources, so they bind as relaxed as any {@code @ConfigurationProperties}: environment
 * variables such as {@code SWITCHBOARD_PROVIDERS_WARD_BASEURL} or {@code
 * SWITCHBOARD_MODELS_NOTES_TARGETS_0_PROVIDER}, and camel case, override or add to what {@code
 * application.yaml} sets, with Spring's precedence. Values have their {@code ${...}} placeholders
 * resolved by Spring; the document is then read by the core's own loader, which gives the same
 * validation messages, by path, as a {@code switchboard.yaml}.
 *
 * <p>An environment variable carries no dashes. A key that only an environment variable sets (no
 * other source names it) gets its dashes back from the loader: a key it does not know whose
 * dashless form matches the key it suggests ({@code baseurl} for {@code base-url}) is renamed and
 * the document read again. Map keys such as provider ids are lowercased without dashes, as Spring
 * does for maps bound from environment variables.
 */
public final class PropertiesTree {
  /** The starter's own keys, which are not part of the config schema (uniform form). */
  public static final Set<String> STARTER_KEYS =
      Set.of("configfile", "mock", "telemetry", "enabled");

  private static final ConfigurationPropertyName ROOT = ConfigurationPropertyName.of("switchboard");

  /** The loader's problem for a key it does not know, with its suggestion. */
  private static final Pattern UNKNOWN_KEY =
      Pattern.compile(
          "^(\\S+?)(?: \\(line \\d+:\\d+\\))?: unknown key; did you mean '([^']+)'\\?$");

  private static final int MAX_RENAME_ROUNDS = 16;

  private PropertiesTree() {}

  /**
   * The config-schema properties under {@code switchboard.}, by their names (the dashed form when
   * any source spells it so), with their values by Spring's precedence.
   */
  public static Map<String, Object> schemaProperties(ConfigurableEnvironment env) {
    Map<String, ConfigurationPropertyName> names = new LinkedHashMap<>();
    Map<String, Object> values = new LinkedHashMap<>();
    for (ConfigurationPropertySource source : ConfigurationPropertySources.get(env)) {
      if (!(source instanceof IterableConfigurationPropertySource iterable)) continue;
      iterable.stream()
          .filter(ROOT::isAncestorOf)
          .filter(n -> !STARTER_KEYS.contains(n.getElement(1, Form.UNIFORM)))
          .forEach(
              n -> {
                String key = uniform(n);
                ConfigurationPropertyName seen = names.get(key);
                // Prefer the spelling with dashes: only a variable's spelling lacks them.
                if (seen == null || (!hasDash(seen) && hasDash(n))) names.put(key, n);
                if (!values.containsKey(key)) {
                  ConfigurationProperty p = source.getConfigurationProperty(n);
                  if (p != null && p.getValue() != null) values.put(key, p.getValue());
                }
              });
    }
    Map<String, Object> out = new TreeMap<>();
    names.forEach(
        (key, name) -> {
          Object value = values.get(key);
          if (value instanceof String str) value = env.resolvePlaceholders(str);
          if (value != null) out.put(original(name), value);
        });
    return out;
  }

  /** The property names under {@code switchboard.} that belong to the config schema. */
  public static Set<String> schemaKeys(ConfigurableEnvironment env) {
    return new TreeSet<>(schemaProperties(env).keySet());
  }

  /** The YAML document, or empty when no schema property is set. */
  public static Optional<String> yaml(ConfigurableEnvironment env) {
    Map<Object, Object> root = tree(env);
    return root.isEmpty() ? Optional.empty() : Optional.of(dump(root));
  }

  /**
   * The config from the properties, read by the core's loader; keys that only environment variables
   * set get their dashes back (see the class comment). Empty when no schema property is set.
   *
   * @throws dev.switchboard.error.ConfigException listing every problem, by path
   */
  public static Optional<SwitchboardConfig> config(ConfigurableEnvironment env, String sourceName) {
    Map<Object, Object> root = tree(env);
    if (root.isEmpty()) return Optional.empty();
    for (int round = 0; ; round++) {
      try {
        return Optional.of(SwitchboardConfig.parse(dump(root), sourceName, env::getProperty));
      } catch (ConfigException e) {
        if (round >= MAX_RENAME_ROUNDS || !restoreDashes(root, e.problems())) throw e;
      }
    }
  }

  private static Map<Object, Object> tree(ConfigurableEnvironment env) {
    Map<Object, Object> root = new LinkedHashMap<>();
    schemaProperties(env)
        .forEach(
            (key, value) -> {
              Object v =
                  value instanceof Number || value instanceof Boolean ? value : value.toString();
              put(root, path(key.substring(ROOT.toString().length() + 1)), 0, v);
            });
    @SuppressWarnings("unchecked")
    Map<Object, Object> withLists = (Map<Object, Object>) lists(root);
    return withLists;
  }

  private static String dump(Map<Object, Object> root) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(options).dump(root);
  }

  /**
   * Renames each unknown key the loader suggests a dashed spelling for; true if any was renamed.
   */
  @SuppressWarnings("unchecked")
  private static boolean restoreDashes(Map<Object, Object> root, List<String> problems) {
    boolean renamed = false;
    for (String problem : problems) {
      Matcher m = UNKNOWN_KEY.matcher(problem);
      if (!m.matches()) continue;
      List<Object> path = path(m.group(1));
      String suggestion = m.group(2);
      Object last = path.get(path.size() - 1);
      if (!(last instanceof String key)
          || key.contains("-")
          || !suggestion.replace("-", "").equalsIgnoreCase(key)) continue;
      Object node = root;
      for (int i = 0; i < path.size() - 1 && node != null; i++) {
        Object part = path.get(i);
        if (node instanceof Map<?, ?> map) node = map.get(part);
        else if (node instanceof List<?> list && part instanceof Integer idx && idx < list.size())
          node = list.get(idx);
        else node = null;
      }
      if (node instanceof Map<?, ?> map && map.containsKey(key) && !map.containsKey(suggestion)) {
        Map<Object, Object> section = (Map<Object, Object>) map;
        Map<Object, Object> copy = new LinkedHashMap<>(section);
        section.clear();
        copy.forEach((k, v) -> section.put(key.equals(k) ? suggestion : k, v));
        renamed = true;
      }
    }
    return renamed;
  }

  private static String uniform(ConfigurationPropertyName name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      sb.append(name.isNumericIndex(i) ? "[" : ".");
      sb.append(name.getElement(i, Form.UNIFORM));
    }
    return sb.toString();
  }

  private static boolean hasDash(ConfigurationPropertyName name) {
    return name.toString().indexOf('-') >= 0;
  }

  /** The name as written: {@code switchboard.models.notes.targets[0].provider}. */
  private static String original(ConfigurationPropertyName name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.getNumberOfElements(); i++) {
      String element = name.getElement(i, Form.ORIGINAL);
      if (name.isNumericIndex(i) || element.indexOf('.') >= 0) {
        sb.append('[').append(element).append(']');
      } else {
        if (i > 0) sb.append('.');
        sb.append(element);
      }
    }
    return sb.toString();
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
