package dev.switchboard.observability.internal;

import dev.switchboard.Target;
import dev.switchboard.pipeline.Operation;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import org.jspecify.annotations.Nullable;

/**
 * What the telemetry holds for one call between its start and end events: the call span and its
 * context (the parent of the attempt spans), and what the attempts learnt. Touched by the calling
 * thread and, for a stream, by the thread that reads it; fields are volatile for that hand-over.
 */
final class CallRecord {
  final Operation operation;
  final String logicalModel;
  final Span span;
  final Context context;
  final long startNanos;
  volatile @Nullable Target lastTarget;
  volatile @Nullable String lastFailureType;
  volatile @Nullable Target failoverTarget;
  volatile Labels tagLabels = Labels.of();
  volatile boolean firstTokenSeen;
  volatile boolean requestRecorded;

  /** The chat request as sent, kept only when content capture is on. */
  volatile dev.switchboard.chat.@Nullable ChatRequest capturedRequest;

  /** Where this call's measurements go; null when no metrics were on when it started. */
  final @Nullable Metrics metrics;

  CallRecord(
      Operation operation,
      String logicalModel,
      Span span,
      Context context,
      long startNanos,
      @Nullable Metrics metrics) {
    this.operation = operation;
    this.logicalModel = logicalModel;
    this.span = span;
    this.context = context;
    this.startNanos = startNanos;
    this.metrics = metrics;
  }
}
