package dev.switchboard.wire.internal.http;

import dev.switchboard.Timeouts;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.error.HttpErrors;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import okhttp3.Call;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One provider's HTTP client: a shared OkHttp connection pool, per-attempt connect and read
 * timeouts, the call's deadline as OkHttp's call timeout, and error statuses mapped to the SDK's
 * exception tree. Thread-safe; one instance per provider.
 *
 * <p>Redirects are not followed: an API never redirects a model call, and following one would carry
 * the {@code api-key} header to another host.
 */
public final class HttpTransport implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

  /** {@code application/json} for request bodies. */
  public static final MediaType JSON = MediaType.get("application/json");

  /**
   * Calls in flight to one host by default. Blocking calls are not queued by OkHttp's dispatcher,
   * so this also sizes the idle pool: every connection a steady load keeps busy stays pooled.
   */
  public static final int DEFAULT_MAX_CONNECTIONS_PER_HOST = 256;

  /** Error bodies longer than this are cut: enough for any real error, bounded for hostile ones. */
  private static final long MAX_ERROR_BODY = 256 * 1024;

  private final OkHttpClient base;
  private final boolean owned;
  private final Clock clock;
  private final ResponseLimits limits;

  /** Clients that differ only in timeouts; they share the base's pool and dispatcher. */
  private final ConcurrentHashMap<Long, OkHttpClient> byTimeouts = new ConcurrentHashMap<>();

  private HttpTransport(OkHttpClient base, boolean owned, Clock clock, ResponseLimits limits) {
    this.base = base;
    this.owned = owned;
    this.clock = clock;
    this.limits = limits;
  }

  /** A transport with its own connection pool, closed with it, and the default limits. */
  public static HttpTransport create() {
    return create(ResponseLimits.DEFAULTS);
  }

  /** A transport with its own connection pool, closed with it, reading within the limits. */
  public static HttpTransport create(ResponseLimits limits) {
    return create(limits, DEFAULT_MAX_CONNECTIONS_PER_HOST);
  }

  /**
   * A transport with its own connection pool that keeps up to {@code maxConnectionsPerHost} idle
   * connections (and lets as many asynchronous calls run at once per host), so that a steady load
   * of that many concurrent callers reuses its connections instead of opening new ones.
   */
  public static HttpTransport create(ResponseLimits limits, int maxConnectionsPerHost) {
    return new HttpTransport(
        defaultClient(maxConnectionsPerHost).build(), true, Clock.systemUTC(), limits);
  }

  /** A transport over a caller's client (its pool is shared, not closed by us). */
  public static HttpTransport over(OkHttpClient client) {
    return over(client, ResponseLimits.DEFAULTS);
  }

  /** A transport over a caller's client, reading within the limits. */
  public static HttpTransport over(OkHttpClient client, ResponseLimits limits) {
    return new HttpTransport(
        client.newBuilder().followRedirects(false).followSslRedirects(false).build(),
        false,
        Clock.systemUTC(),
        limits);
  }

  /** The limits this transport reads within. */
  public ResponseLimits limits() {
    return limits;
  }

  /**
   * Reads a provider's {@code max-connections} (at least 1) into {@code set}; the one spelling and
   * message for every HTTP adapter.
   */
  public static void readMaxConnections(ProviderSettings s, IntConsumer set) {
    s.integer("max-connections")
        .ifPresent(
            n -> {
              if (n < 1) s.problem("max-connections", "must be at least 1");
              else set.accept(n);
            });
  }

  /** The defaults for a provider's own client. */
  public static OkHttpClient.Builder defaultClient() {
    return defaultClient(DEFAULT_MAX_CONNECTIONS_PER_HOST);
  }

  /**
   * A provider's own client: the idle pool as large as the per-host concurrency (a pool smaller
   * than the callers in flight closes connections after every burst and opens new ones in the
   * next), the SDK's default attempt timeouts, so that a call with default timeouts runs on this
   * client itself rather than a derived one, and sockets that read blocking, with the read timeout
   * on Okio alone ({@link BlockingReadSocketFactory}).
   */
  public static OkHttpClient.Builder defaultClient(int maxConnectionsPerHost) {
    if (maxConnectionsPerHost < 1)
      throw new IllegalArgumentException("maxConnectionsPerHost: must be at least 1");
    Dispatcher dispatcher = new Dispatcher();
    dispatcher.setMaxRequests(Math.max(256, maxConnectionsPerHost));
    dispatcher.setMaxRequestsPerHost(maxConnectionsPerHost);
    return new OkHttpClient.Builder()
        .connectionPool(new ConnectionPool(maxConnectionsPerHost, 5, TimeUnit.MINUTES))
        .dispatcher(dispatcher)
        .socketFactory(new BlockingReadSocketFactory())
        .connectTimeout(Timeouts.DEFAULTS.connect())
        .readTimeout(Timeouts.DEFAULTS.read())
        .writeTimeout(Timeouts.DEFAULTS.read())
        .followRedirects(false)
        .followSslRedirects(false);
  }

  /** A JSON POST body. */
  public static RequestBody json(byte[] body) {
    return RequestBody.create(body, JSON);
  }

  /**
   * Sends one request within the attempt's timeouts and returns a successful (2xx) response, whose
   * body the caller must close.
   *
   * @throws SwitchboardException the mapped error for a non-2xx status, a timeout or an I/O failure
   */
  public WireResponse send(Request request, AttemptContext ctx, ErrorContext where) {
    Call call = newCall(request, ctx, where);
    Runnable deregister = ctx.onCancel(call::cancel);
    Response response;
    try {
      response = run(call, request, ctx, where);
    } catch (RuntimeException e) {
      deregister.run();
      throw e;
    }
    if (response.isSuccessful()) {
      return new WireResponse(
          response,
          where,
          limits,
          () -> {
            DeadlineReaper.forget(call);
            deregister.run();
          });
    }
    DeadlineReaper.forget(call);
    deregister.run();
    throw failure(response, where);
  }

  /**
   * Like {@link #send}, for a response read as a stream: the whole stream is bounded by the call's
   * deadline.
   */
  public WireResponse sendStreaming(Request request, AttemptContext ctx, ErrorContext where) {
    return send(request, ctx, where);
  }

  /**
   * Sends one request and returns the response whatever its status (for callers that map errors
   * themselves). Same timeouts as {@link #send}; the caller must close the response.
   */
  public Response execute(Request request, AttemptContext ctx, ErrorContext where) {
    Call call = newCall(request, ctx, where);
    // stays registered while the caller reads the body; the scope ends with the async call
    ctx.onCancel(call::cancel);
    return run(call, request, ctx, where);
  }

  /**
   * A call within the attempt's connect and read timeouts (each at most the time left) whose whole
   * exchange, a stream's body included, ends at the call's deadline: by OkHttp's precise call
   * timeout when the deadline is near, else by the {@link DeadlineReaper}.
   */
  private Call newCall(Request request, AttemptContext ctx, ErrorContext where) {
    if (ctx.cancelled() || Thread.currentThread().isInterrupted()) {
      throw IoFailures.cancelled(where, null);
    }
    long remaining = ctx.deadlineNanos() - System.nanoTime();
    if (remaining <= 0) {
      throw new CallTimeoutException(
          "the call's deadline passed before the attempt started", where, false, null);
    }
    long connect = Math.min(ctx.connectTimeout().toNanos(), remaining);
    long read = Math.min(ctx.readTimeout().toNanos(), remaining);
    Call call = clientFor(connect, read).newCall(withTraceHeaders(request, ctx));
    TimeoutAnchor.SHARED.hold();
    if (remaining < DeadlineReaper.PRECISE_BELOW_NANOS) {
      call.timeout().timeout(remaining, TimeUnit.NANOSECONDS);
    } else {
      DeadlineReaper.watch(call, ctx.deadlineNanos());
    }
    return call;
  }

  /**
   * The request with the attempt's trace-context headers ({@code traceparent}), which a telemetry
   * module sets only for providers it was told to propagate to; unchanged when there are none.
   * Added here, once, so that every adapter sends them alike.
   */
  private static Request withTraceHeaders(Request request, AttemptContext ctx) {
    if (ctx.traceHeaders().isEmpty()) return request;
    Request.Builder b = request.newBuilder();
    ctx.traceHeaders().forEach(b::header);
    return b.build();
  }

  private Response run(Call call, Request request, AttemptContext ctx, ErrorContext where) {
    try {
      Response response = call.execute();
      if (log.isDebugEnabled()) {
        log.debug(
            "{} {} -> {} (attempt {}, call {})",
            request.method(),
            request.url().encodedPath(),
            response.code(),
            ctx.attempt(),
            ctx.callId());
      }
      return response;
    } catch (IOException e) {
      DeadlineReaper.forget(call);
      throw IoFailures.map(e, ctx, where);
    }
  }

  /** Reads an error response (bounded) and maps it; closes the response. */
  public SwitchboardException failure(Response response, ErrorContext where) {
    try (response) {
      byte[] body;
      try {
        BufferedSource source = response.body().source();
        source.request(MAX_ERROR_BODY);
        body =
            source.getBuffer().readByteArray(Math.min(MAX_ERROR_BODY, source.getBuffer().size()));
      } catch (IOException e) {
        body = new byte[0]; // the status alone still tells what happened
      }
      return HttpErrors.map(
          response.code(), response.headers(), contentType(response), body, where, clock);
    }
  }

  private static String contentType(Response response) {
    MediaType t = response.body().contentType();
    return t == null ? null : t.type() + "/" + t.subtype();
  }

  /** The client for an attempt with these timeouts (package-private for tests). */
  OkHttpClient clientFor(long connectNanos, long readNanos) {
    // whole milliseconds, so that a deadline-clamped timeout does not make a new client per call;
    // rounded up, so that a timeout clamped to the time left cannot fire before the deadline and
    // be taken for a retryable one (IoFailures tells the two apart by the clock)
    long connectMs = Math.max(1, ceilMillis(connectNanos));
    long readMs = Math.max(1, ceilMillis(readNanos));
    if (connectMs == base.connectTimeoutMillis() && readMs == base.readTimeoutMillis()) return base;
    long key = (connectMs << 32) ^ readMs;
    OkHttpClient c = byTimeouts.get(key);
    if (c != null) return c;
    c =
        base.newBuilder()
            .connectTimeout(connectMs, TimeUnit.MILLISECONDS)
            .readTimeout(readMs, TimeUnit.MILLISECONDS)
            .writeTimeout(readMs, TimeUnit.MILLISECONDS)
            .build();
    if (byTimeouts.size() < 64)
      byTimeouts.putIfAbsent(key, c); // config gives a handful of pairs; clamped ones are not kept
    return c;
  }

  private static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }

  /** The base client (for tests and for sharing the pool). */
  public OkHttpClient client() {
    return base;
  }

  /** Releases the pool's connections and the dispatcher's threads, if this transport owns them. */
  @Override
  public void close() {
    if (!owned) return;
    base.dispatcher().executorService().shutdown();
    base.connectionPool().evictAll();
  }
}
