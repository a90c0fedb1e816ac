package dev.switchboard.examples.cli;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Timeouts;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/** {@code --timeout} and {@code --retries} of the commands that call a model. */
final class CallOptions {
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h)?");

  @Option(
      names = "--timeout",
      paramLabel = "DURATION",
      description =
          "Give up after this long, retries and failover included: 500ms, 30s, 2m (a bare number is seconds; default from the config, else 120s).")
  String timeout;

  @Option(
      names = "--retries",
      paramLabel = "N",
      description =
          "Retries per target after the first attempt, 0 to 20 (0: fail over at once; default from the config, else 2).")
  Integer retries;

  /**
   * A client from the config with these options applied, reporting retries and failover on {@code
   * err}.
   */
  ModelClient client(SwitchboardConfig c, PrintWriter err) {
    Duration callTimeout = timeout == null ? null : duration(timeout);
    if (retries != null && (retries < 0 || retries > 20)) {
      throw UsageError.of("--retries", retries, "must be between 0 and 20");
    }
    ModelClientBuilder b = ModelClient.builder(c).addListener(new Progress(err));
    if (callTimeout != null) {
      Timeouts t = c.timeouts();
      b.timeouts(
          new Timeouts(min(t.connect(), callTimeout), min(t.read(), callTimeout), callTimeout));
    }
    if (retries != null) {
      // The global policy only: a provider's or model's own override in the config still wins,
      // as it does for every other global setting.
      ResiliencePolicy global = c.resilience().global();
      b.resilience(global.withRetry(global.retry().withMaxAttempts(retries + 1)));
    }
    return b.build();
  }

  static Duration duration(String text) {
    Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw UsageError.of("--timeout", text, "must be a duration such as 500ms, 30s or 2m");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    Duration d =
        switch (unit) {
          case "ms" -> Duration.ofMillis(n);
          case "m" -> Duration.ofMinutes(n);
          case "h" -> Duration.ofHours(n);
          default -> Duration.ofSeconds(n);
        };
    if (d.isZero()) throw UsageError.of("--timeout", text, "must be positive");
    return d;
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
