package dev.switchboard.observability.internal;

import static dev.switchboard.observability.internal.SemconvValues.budgetStatus;
import static dev.switchboard.observability.internal.SemconvValues.errorType;
import static dev.switchboard.observability.internal.SemconvValues.finishReason;
import static dev.switchboard.observability.internal.SemconvValues.micros;
import static dev.switchboard.observability.internal.SemconvValues.nonEmpty;
import static dev.switchboard.observability.internal.SemconvValues.operationName;
import static dev.switchboard.observability.internal.SemconvValues.orOther;
import static dev.switchboard.observability.internal.SemconvValues.port;
import static dev.switchboard.observability.internal.SemconvValues.sameServer;
import static dev.switchboard.observability.internal.SemconvValues.seconds;
import static dev.switchboard.observability.internal.SemconvValues.state;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_OPERATION_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_PROVIDER_NAME;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MAX_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_SEED;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TEMPERATURE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_REQUEST_TOP_P;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_FINISH_REASONS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_ID;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_RESPONSE_MODEL;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_TOKEN_TYPE;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_INPUT_TOKENS;
import static io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GEN_AI_USAGE_OUTPUT_TOKENS;

import dev.switchboard.ModelRequest;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.pipeline.StreamObserver;
import dev.switchboard.usage.BudgetCharge;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.ErrorAttributes;
import io.opentelemetry.semconv.ServerAttributes;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiTokenTypeIncubatingValues;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The telemetry itself: a {@link CallListener} that opens and ends the call span and records the
 * call-level metrics, and a {@link CallInterceptor} at the per-attempt position that opens one
 * child span per attempt, puts the W3C trace context on the attempt's HTTP request for providers
 * allowed to receive it, and watches the answer's events (first token, usage, the end of a stream).
 *
 * <p>Content never enters: spans, events and labels hold names, numbers, codes and the values of
 * allow-listed tag keys only.
 */
public final class TelemetryEngine implements CallListener, CallInterceptor {

  /**
   * What the engine is configured with.
   *
   * @param tracer null when spans are not recorded (no OpenTelemetry, or its no-op provider)
   * @param metrics null when no metrics are recorded
   */
  public record Settings(
      @Nullable Tracer tracer,
      @Nullable TextMapPropagator propagator,
      @Nullable Metrics metrics,
      BudgetBoard budgets,
      Function<String, String> providerNames,
      Map<String, URI> endpoints,
      Set<String> propagateTo,
      Set<String> costTagKeys,
      java.util.function.@Nullable BiConsumer<String, String> budgetSeen,
      boolean captureContent) {}

  private final Settings settings;
  private final Map<String, CallRecord> calls = new ConcurrentHashMap<>();

  /**
   * The endpoints the clients' adapters resolved, by provider id. One telemetry may serve several
   * clients: a provider id that two clients resolve to different servers is reported with no server
   * at all rather than a wrong one.
   */
  private final Map<String, URI> resolvedEndpoints = new ConcurrentHashMap<>();

  private static final URI AMBIGUOUS = URI.create("ambiguous:endpoint");

  public TelemetryEngine(Settings settings) {
    this.settings = settings;
  }

  /** Calls started whose end was not seen yet (for tests: a leak shows here). */
  public int openCalls() {
    return calls.size();
  }

  // --- the listener: calls -----------------------------------------------------------------

  @Override
  public void clientStarted(ClientStarted e) {
    e.endpoints()
        .forEach(
            (id, uri) -> {
              if (uri.getHost() != null)
                resolvedEndpoints.merge(id, uri, (a, b) -> sameServer(a, b) ? a : AMBIGUOUS);
            });
  }

  @Override
  public void callStarted(CallStarted e) {
    // Asked per call, as the SDK can switch a tracer or meter off at run time: when neither
    // records, the call is not followed at all (no record, no span, no labels).
    Tracer tracer = settings.tracer();
    boolean tracing = tracer != null && tracer.isEnabled();
    Metrics metrics = settings.metrics();
    boolean measuring = metrics != null && metrics.enabled();
    if (!tracing && !measuring) return;
    String op = operationName(e.operation());
    Context parent = Context.current();
    Span span;
    if (tracing) {
      span =
          tracer
              .spanBuilder(op + " " + e.logicalModel())
              .setSpanKind(SpanKind.CLIENT)
              .setParent(parent)
              .setAttribute(GEN_AI_OPERATION_NAME, op)
              .setAttribute(GEN_AI_REQUEST_MODEL, e.logicalModel())
              .setAttribute(Names.LOGICAL_MODEL, e.logicalModel())
              .startSpan();
    } else {
      span = Span.getInvalid();
    }
    calls.put(
        e.callId(),
        new CallRecord(
            e.operation(),
            e.logicalModel(),
            span,
            parent.with(span),
            System.nanoTime(),
            measuring ? metrics : null));
  }

  @Override
  public void attemptStarted(AttemptStarted e) {
    CallRecord r = calls.get(e.callId());
    if (r == null) return;
    Target previous = r.lastTarget;
    Metrics m = r.metrics;
    if (previous != null && m != null) {
      // A later attempt: at the same target a retry, at another a failover; either way for the
      // reason the previous attempt failed.
      Labels labels =
          baseLabels(r, e.target())
              .with(ErrorAttributes.ERROR_TYPE.getKey(), orOther(r.lastFailureType));
      if (previous.equals(e.target())) {
        m.retry(labels);
      } else {
        m.failover(labels);
      }
    }
    if (previous != null && !previous.equals(e.target())) r.failoverTarget = e.target();
    r.lastTarget = e.target();
  }

  @Override
  public void attemptEnded(AttemptEnded e) {
    CallRecord r = calls.get(e.callId());
    if (r == null || e.failure() == null) return;
    r.lastFailureType = errorType(e.failure());
  }

  @Override
  public void callSucceeded(CallSucceeded e) {
    CallRecord r = calls.remove(e.callId());
    if (r == null) return;
    Span span = r.span;
    // A span the sampler dropped records nothing: its attributes are not even built.
    boolean recording = span.isRecording();
    Target served = e.servedBy();
    if (recording) {
      span.setAttribute(Names.ATTEMPTS, (long) e.attempts());
      if (served != null) {
        span.setAttribute(GEN_AI_PROVIDER_NAME, providerName(served.provider()));
        span.setAttribute(Names.PROVIDER, served.provider());
        serverAttributes(span, served.provider());
      }
      Target failover = r.failoverTarget;
      if (failover != null) span.setAttribute(Names.FAILOVER_TARGET, failover.label());
    }
    String responseModel = null;
    Usage usage = Usage.EMPTY;
    Cost cost = null;
    List<BudgetCharge> budgets = List.of();
    ComplianceSummary compliance = null;
    ChatResponse chat = e.chatResponse();
    EmbeddingResponse embedding = e.embeddingResponse();
    if (chat != null) {
      responseModel = chat.model();
      usage = chat.usage();
      cost = chat.cost().orElse(null);
      budgets = chat.budgets();
      compliance = chat.compliance().orElse(null);
      if (recording) {
        chat.responseId().ifPresent(id -> span.setAttribute(GEN_AI_RESPONSE_ID, id));
        span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason(chat)));
        ChatRequest sent = r.capturedRequest;
        if (sent != null) captureContent(span, sent, chat);
      }
    } else if (embedding != null) {
      responseModel = embedding.model();
      usage = embedding.usage();
      cost = embedding.cost().orElse(null);
      budgets = embedding.budgets();
      compliance = embedding.compliance().orElse(null);
    }
    if (recording) {
      if (responseModel != null && !responseModel.isEmpty())
        span.setAttribute(GEN_AI_RESPONSE_MODEL, responseModel);
      usageAttributes(span, usage);
      if (cost != null) {
        span.setAttribute(Names.COST_AMOUNT, cost.amount().doubleValue());
        span.setAttribute(Names.COST_CURRENCY, cost.currency());
        span.setAttribute(Names.COST_ESTIMATED, cost.estimated());
      }
      span.setAttribute(Names.BUDGET_STATUS, budgetStatus(budgets));
      if (compliance != null) complianceAttributes(span, compliance);
    }
    span.end();

    Metrics m = r.metrics;
    if (m != null) {
      Labels labels =
          baseLabels(r, served).with(GEN_AI_RESPONSE_MODEL.getKey(), nonEmpty(responseModel));
      m.operationDuration(seconds(e.latency().toNanos()), labels);
      tokenMetrics(m, labels, usage);
      if (cost != null && cost.amount().signum() > 0) {
        m.cost(
            micros(cost.amount()),
            labels.with(Names.COST_CURRENCY.getKey(), cost.currency()).with(r.tagLabels));
      }
    }
    // Budget gauges read the board when collected; kept current whether or not this call measured.
    for (BudgetCharge b : budgets) {
      boolean first = settings.budgets().update(b);
      if (first && settings.budgetSeen() != null)
        settings.budgetSeen().accept(b.budget(), b.currency());
    }
  }

  @Override
  public void callFailed(CallFailed e) {
    CallRecord r = calls.remove(e.callId());
    if (r == null) return;
    Span span = r.span;
    Throwable failure = e.failure();
    Target last = r.lastTarget;
    if (last != null) {
      span.setAttribute(GEN_AI_PROVIDER_NAME, providerName(last.provider()));
      span.setAttribute(Names.PROVIDER, last.provider());
    }
    Metrics m = r.metrics;
    if (failure instanceof CancellationException) {
      // The caller closed a stream early: not an error, and the span says so.
      span.setAttribute(Names.STREAM_CLOSED_EARLY, true);
      span.end();
      if (m != null) m.operationDuration(seconds(e.latency().toNanos()), baseLabels(r, last));
      return;
    }
    String type = errorType(failure);
    span.setAttribute(ErrorAttributes.ERROR_TYPE, type);
    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    if (failure instanceof ComplianceViolationException v) {
      span.setAttribute(Names.COMPLIANCE_DECISION, "BLOCK");
      span.setAttribute(Names.BLOCK_CODE, v.code().name());
      v.auditEventId().ifPresent(id -> span.setAttribute(Names.AUDIT_EVENT_ID, id));
      if (m != null)
        m.policyBlock(baseLabels(r, null).with(Names.BLOCK_CODE.getKey(), v.code().name()));
    } else if (failure instanceof BudgetExceededException b) {
      span.setAttribute(Names.BUDGET_STATUS, "exceeded");
      span.setAttribute(Names.BUDGET_NAME, b.budgetName());
    } else if (failure instanceof CallNotPermittedException c
        && c.reason() == CallNotPermittedException.Reason.CIRCUIT_OPEN) {
      span.setAttribute(Names.CIRCUIT_STATE, "open");
    }
    span.end();
    if (m != null) {
      m.operationDuration(
          seconds(e.latency().toNanos()),
          baseLabels(r, last).with(ErrorAttributes.ERROR_TYPE.getKey(), type));
    }
  }

  @Override
  public void quotaModeChanged(QuotaModeChanged e) {
    Metrics m = settings.metrics();
    if (m == null || !m.enabled()) return;
    m.quotaModeChange(
        Labels.of()
            .with(GEN_AI_PROVIDER_NAME.getKey(), providerName(e.target().provider()))
            .with(Names.PROVIDER.getKey(), e.target().provider())
            .with(GEN_AI_REQUEST_MODEL.getKey(), e.target().model())
            .with(
                Names.QUOTA_MODE.getKey(),
                e.mode() == QuotaMode.SHARED ? "shared" : "instance_share"));
  }

  @Override
  public void circuitStateChanged(CircuitStateChanged e) {
    Metrics m = settings.metrics();
    if (m != null && m.enabled()) {
      m.circuitChange(
          Labels.of()
              .with(GEN_AI_PROVIDER_NAME.getKey(), providerName(e.target().provider()))
              .with(Names.PROVIDER.getKey(), e.target().provider())
              .with(GEN_AI_REQUEST_MODEL.getKey(), e.target().model())
              .with(Names.CIRCUIT_PREVIOUS_STATE.getKey(), state(e.from()))
              .with(Names.CIRCUIT_STATE.getKey(), state(e.to())));
    }
    Span current = Span.current();
    if (current.isRecording()) {
      current.addEvent(
          "switchboard.circuit_state_changed",
          Attributes.builder()
              .put(Names.PROVIDER, e.target().provider())
              .put(Names.CIRCUIT_PREVIOUS_STATE, state(e.from()))
              .put(Names.CIRCUIT_STATE, state(e.to()))
              .build());
    }
  }

  // --- the interceptor: attempts ------------------------------------------------------------

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    CallRecord r = calls.get(call.id());
    if (r == null) return chain.proceed(call);
    Span span = startAttempt(r, call);
    Call sent = propagate(call, span);
    ChatEventSource source;
    // The attempt span is current while the attempt is sent, so that HTTP instrumentation (an
    // agent's OkHttp spans) nests under it.
    Scope scope = span.makeCurrent();
    try {
      source = chain.proceed(sent);
    } catch (RuntimeException failure) {
      endFailed(span, failure);
      throw failure;
    } finally {
      scope.close();
    }
    return EventSources.observe(source, new AttemptObserver(r, call, span));
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    CallRecord r = calls.get(call.id());
    if (r == null) return chain.proceed(call);
    Span span = startAttempt(r, call);
    Call sent = propagate(call, span);
    EmbeddingResponse response;
    // The attempt span is current while the attempt is sent, so that HTTP instrumentation (an
    // agent's OkHttp spans) nests under it.
    Scope scope = span.makeCurrent();
    try {
      response = chain.proceed(sent);
    } catch (RuntimeException failure) {
      endFailed(span, failure);
      throw failure;
    } finally {
      scope.close();
    }
    if (!response.model().isEmpty()) span.setAttribute(GEN_AI_RESPONSE_MODEL, response.model());
    usageAttributes(span, response.usage());
    span.end();
    return response;
  }

  private Span startAttempt(CallRecord r, Call call) {
    Target target = call.target().orElseThrow();
    recordRequest(r, call.request());
    // Not traced for this call (no tracer, or it was off when the call started): no attempt span.
    if (settings.tracer() == null || !r.span.getSpanContext().isValid()) return Span.getInvalid();
    String op = operationName(call.operation());
    SpanBuilder b =
        settings
            .tracer()
            .spanBuilder(op + " " + target.model())
            .setSpanKind(SpanKind.CLIENT)
            .setParent(r.context)
            .setAttribute(GEN_AI_OPERATION_NAME, op)
            .setAttribute(GEN_AI_PROVIDER_NAME, providerName(target.provider()))
            .setAttribute(GEN_AI_REQUEST_MODEL, target.model())
            .setAttribute(Names.PROVIDER, target.provider())
            .setAttribute(Names.ATTEMPT, (long) call.attempt());
    URI endpoint = endpointOf(target.provider());
    if (endpoint != null) {
      b.setAttribute(ServerAttributes.SERVER_ADDRESS, endpoint.getHost());
      b.setAttribute(ServerAttributes.SERVER_PORT, (long) port(endpoint));
    }
    if (call.request() instanceof ChatRequest c) b.setAllAttributes(requestParameters(c));
    return b.startSpan();
  }

  /** Request parameters on the call span and the tag labels for cost, once per call. */
  private void recordRequest(CallRecord r, ModelRequest request) {
    if (r.requestRecorded) return;
    r.requestRecorded = true;
    if (request instanceof ChatRequest c) {
      if (r.span.isRecording()) r.span.setAllAttributes(requestParameters(c));
      if (settings.captureContent()) r.capturedRequest = c;
    }
    if (r.metrics == null || settings.costTagKeys().isEmpty()) return;
    Labels tags = Labels.of();
    for (String key : settings.costTagKeys()) {
      tags = tags.with(Names.TAG_PREFIX + key, request.tags().get(key));
    }
    r.tagLabels = tags;
  }

  /** The request parameters that were set. */
  private static Attributes requestParameters(ChatRequest c) {
    io.opentelemetry.api.common.AttributesBuilder b = Attributes.builder();
    c.temperature().ifPresent(t -> b.put(GEN_AI_REQUEST_TEMPERATURE, t));
    c.topP().ifPresent(t -> b.put(GEN_AI_REQUEST_TOP_P, t));
    c.maxOutputTokens().ifPresent(t -> b.put(GEN_AI_REQUEST_MAX_TOKENS, (long) t));
    c.seed().ifPresent(t -> b.put(GEN_AI_REQUEST_SEED, t));
    return b.build();
  }

  /** The attempt with the trace-context headers of its span, if its provider may have them. */
  private Call propagate(Call call, Span span) {
    TextMapPropagator p = settings.propagator();
    Target target = call.target().orElseThrow();
    if (p == null || !settings.propagateTo().contains(target.provider())) return call;
    Map<String, String> headers = new LinkedHashMap<>();
    p.inject(Context.root().with(span), headers, (carrier, k, v) -> carrier.put(k, v));
    return headers.isEmpty() ? call : call.withTraceHeaders(headers);
  }

  private void endFailed(Span span, Throwable failure) {
    span.setAttribute(ErrorAttributes.ERROR_TYPE, errorType(failure));
    span.setStatus(StatusCode.ERROR, failure.getClass().getSimpleName());
    span.end();
  }

  /** Watches one attempt's events: first token, usage, and how the attempt ended. */
  private final class AttemptObserver implements StreamObserver {
    private final CallRecord r;
    private final Call call;
    private final Span span;
    private Usage usage = Usage.EMPTY;

    AttemptObserver(CallRecord r, Call call, Span span) {
      this.r = r;
      this.call = call;
      this.span = span;
    }

    @Override
    public void onEvent(ChatEvent event) {
      if (call.operation() == Operation.STREAM && !r.firstTokenSeen) {
        r.firstTokenSeen = true;
        double s = seconds(System.nanoTime() - r.startNanos);
        Metrics m = r.metrics;
        if (m != null) m.timeToFirstToken(s, baseLabels(r, call.target().orElse(null)));
        if (r.span.isRecording())
          r.span.addEvent(Names.FIRST_TOKEN_EVENT, Attributes.of(Names.TIME_TO_FIRST_TOKEN_S, s));
      }
      if (event instanceof ChatEvent.UsageUpdate u) usage = u.usage();
    }

    @Override
    public void onCompleted(ChatResponse response) {
      if (span.isRecording()) {
        if (!response.model().isEmpty()) span.setAttribute(GEN_AI_RESPONSE_MODEL, response.model());
        response.responseId().ifPresent(id -> span.setAttribute(GEN_AI_RESPONSE_ID, id));
        span.setAttribute(GEN_AI_RESPONSE_FINISH_REASONS, List.of(finishReason(response)));
        usageAttributes(span, response.usage());
      }
      span.end();
    }

    @Override
    public void onFailed(RuntimeException failure) {
      usageAttributes(span, usage);
      endFailed(span, failure);
    }

    @Override
    public void onClosedEarly() {
      // The usage that arrived before the close, if the provider sent any.
      usageAttributes(span, usage);
      span.setAttribute(Names.STREAM_CLOSED_EARLY, true);
      span.end();
      Metrics m = r.metrics;
      if (m != null && !usage.isEmpty()) {
        tokenMetrics(m, baseLabels(r, call.target().orElse(null)), usage);
      }
      r.span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens());
      r.span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens());
    }
  }

  // --- helpers -------------------------------------------------------------------------------

  /** Content capture (on only where start-up found nothing marking data as PHI). */
  private static void captureContent(Span span, ChatRequest sent, ChatResponse answer) {
    if (ContentCapture.isPhi(sent, answer)) {
      span.setAttribute(Names.CONTENT_WITHHELD, "phi");
      return;
    }
    span.setAttribute(Names.INPUT_MESSAGES, ContentCapture.inputMessages(sent));
    span.setAttribute(Names.OUTPUT_MESSAGES, ContentCapture.outputMessages(answer));
  }

  private Labels baseLabels(CallRecord r, @Nullable Target target) {
    Labels l =
        Labels.of()
            .with(GEN_AI_OPERATION_NAME.getKey(), operationName(r.operation))
            .with(GEN_AI_REQUEST_MODEL.getKey(), r.logicalModel);
    if (target != null) l = l.with(GEN_AI_PROVIDER_NAME.getKey(), providerName(target.provider()));
    return l;
  }

  private static void tokenMetrics(Metrics m, Labels labels, Usage usage) {
    if (usage.isEmpty()) return;
    m.tokenUsage(
        usage.inputTokens(),
        labels.with(GEN_AI_TOKEN_TYPE.getKey(), GenAiTokenTypeIncubatingValues.INPUT));
    m.tokenUsage(
        usage.outputTokens(),
        labels.with(GEN_AI_TOKEN_TYPE.getKey(), GenAiTokenTypeIncubatingValues.OUTPUT));
  }

  private static void usageAttributes(Span span, Usage usage) {
    if (usage.isEmpty()) return;
    span.setAttribute(GEN_AI_USAGE_INPUT_TOKENS, usage.inputTokens());
    span.setAttribute(GEN_AI_USAGE_OUTPUT_TOKENS, usage.outputTokens());
  }

  private static void complianceAttributes(Span span, ComplianceSummary c) {
    span.setAttribute(Names.COMPLIANCE_DECISION, c.decision().name());
    if (!c.transformations().isEmpty())
      span.setAttribute(Names.TRANSFORMATIONS, new ArrayList<>(c.transformations()));
    c.auditEvent().ifPresent(id -> span.setAttribute(Names.AUDIT_EVENT_ID, id));
  }

  /** The explicitly configured endpoint, else the one the adapter resolved; null if unknown. */
  private @Nullable URI endpointOf(String provider) {
    URI explicit = settings.endpoints().get(provider);
    if (explicit != null) return explicit;
    URI resolved = resolvedEndpoints.get(provider);
    return AMBIGUOUS.equals(resolved) ? null : resolved;
  }

  private void serverAttributes(Span span, String provider) {
    URI endpoint = endpointOf(provider);
    if (endpoint == null) return;
    span.setAttribute(ServerAttributes.SERVER_ADDRESS, endpoint.getHost());
    span.setAttribute(ServerAttributes.SERVER_PORT, (long) port(endpoint));
  }

  private String providerName(String providerId) {
    return settings.providerNames().apply(providerId);
  }
}
