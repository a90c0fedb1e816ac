package dev.switchboard.observability.internal;

import dev.switchboard.chat.ChatResponse;
import dev.switchboard.pipeline.CallListener.CircuitState;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.usage.BudgetCharge;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiOperationNameIncubatingValues;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The values telemetry records, as the OpenTelemetry semantic conventions and this SDK's metric
 * labels spell them: low-cardinality names for states, reasons, operations and error types, the
 * server's port, and the unit conversions of durations and amounts. Pure functions, shared by the
 * spans, the metrics and the content capture; moved out of {@link TelemetryEngine} so that it reads
 * as the calls' story and this as its vocabulary.
 */
final class SemconvValues {
  private SemconvValues() {}

  /** The budget status label: {@code over_soft_limit} if any charge passed its soft limit. */
  static String budgetStatus(List<BudgetCharge> budgets) {
    for (BudgetCharge b : budgets) if (b.overSoftLimit()) return "over_soft_limit";
    return "ok";
  }

  /** {@code gen_ai.response.finish_reasons}' value: the reason's name in lower case. */
  static String finishReason(ChatResponse r) {
    return r.finishReason().name().toLowerCase(Locale.ROOT);
  }

  /** {@code gen_ai.operation.name}: chat or embeddings. */
  static String operationName(Operation op) {
    return op.isChat()
        ? GenAiOperationNameIncubatingValues.CHAT
        : GenAiOperationNameIncubatingValues.EMBEDDINGS;
  }

  /** The failure's type, low-cardinality: the exception class's name. */
  static String errorType(Throwable t) {
    return t.getClass().getName();
  }

  /** An error type, or the conventions' {@code _OTHER} when none is known. */
  static String orOther(@Nullable String type) {
    return type == null ? ErrorAttributes.ErrorTypeValues.OTHER : type;
  }

  /** Null for an empty string, so that no attribute is set for it. */
  static @Nullable String nonEmpty(@Nullable String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  /** A circuit state's label: its name in lower case. */
  static String state(CircuitState s) {
    return s.name().toLowerCase(Locale.ROOT);
  }

  /** Nanoseconds as the seconds that the conventions' duration histograms take. */
  static double seconds(long nanos) {
    return nanos / 1e9;
  }

  /** An amount in millionths (of its currency), rounded half up, for a long counter. */
  static long micros(BigDecimal amount) {
    return amount.movePointRight(6).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  /** {@code server.port}: the endpoint's port, else its scheme's default. */
  static int port(URI uri) {
    if (uri.getPort() > 0) return uri.getPort();
    return "http".equalsIgnoreCase(uri.getScheme()) ? 80 : 443;
  }

  /** Whether two endpoints name the same server: host (case aside) and port. */
  static boolean sameServer(URI a, URI b) {
    return a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
  }
}
