package dev.switchboard.jdbc.internal;

import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.WeakHashMap;

/**
 * Reads the config's {@code jdbc:} block. The ledger, the budget store, the audit trail and quotas
 * each ask for it from their own feature's reader; the block is read once per document (remembered
 * by the document's identity), so that its problems are listed once.
 */
public final class JdbcConfig {
  private static final Map<ProviderSettings, Optional<JdbcSettings>> READ = new WeakHashMap<>();

  private JdbcConfig() {}

  /** The document's {@code jdbc:} block; empty when it has none or it has problems (reported). */
  public static Optional<JdbcSettings> read(ProviderSettings root, Path baseDir) {
    synchronized (READ) {
      Optional<JdbcSettings> known = READ.get(root);
      if (known != null) return known;
      Optional<JdbcSettings> parsed = root.section("jdbc").flatMap(s -> parse(s, baseDir));
      READ.put(root, parsed);
      return parsed;
    }
  }

  private static Optional<JdbcSettings> parse(ProviderSettings s, Path baseDir) {
    String url = s.requiredString("url");
    if (url.isEmpty()) return Optional.empty();
    if (!url.startsWith("jdbc:")) {
      s.problem("url", "must be a JDBC URL (jdbc:postgresql://...)");
      return Optional.empty();
    }
    JdbcSettings settings = JdbcSettings.of(url);
    Optional<String> user = s.string("user");
    if (user.isPresent()) settings = settings.withUser(user.get());
    int passwords =
        (s.has("password") ? 1 : 0)
            + (s.has("password-env") ? 1 : 0)
            + (s.has("password-file") ? 1 : 0);
    if (passwords > 1) {
      s.problem(null, "give at most one of password, password-env and password-file");
      s.markRead("password");
      s.markRead("password-env");
      s.markRead("password-file");
    } else {
      try {
        var literal = s.secret("password");
        if (literal.isPresent()) settings = settings.withPassword(literal.get());
        Optional<String> env = s.string("password-env");
        if (env.isPresent()) settings = settings.withPasswordFromEnv(env.get());
        Optional<String> file = s.string("password-file");
        if (file.isPresent()) {
          Path p = Path.of(file.get());
          settings =
              settings.withPasswordFromFile(
                  p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p));
        }
      } catch (IllegalArgumentException e) {
        s.problem(null, e.getMessage());
        return Optional.empty();
      }
    }
    try {
      Optional<Integer> pool = s.integer("pool-size");
      if (pool.isPresent()) settings = settings.withPoolSize(pool.get());
      var timeout = s.duration("connection-timeout");
      if (timeout.isPresent()) settings = settings.withConnectionTimeout(timeout.get());
      Optional<String> schema = s.string("schema");
      if (schema.isPresent()) settings = settings.withSchema(schema.get());
      Optional<String> prefix = s.string("table-prefix");
      if (prefix.isPresent()) settings = settings.withTablePrefix(prefix.get());
    } catch (IllegalArgumentException e) {
      s.problem(null, e.getMessage());
      return Optional.empty();
    }
    return Optional.of(settings);
  }
}
