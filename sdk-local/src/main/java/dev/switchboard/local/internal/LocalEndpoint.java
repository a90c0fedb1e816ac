package dev.switchboard.local.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Secret;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.wire.internal.error.HttpErrors;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.json.WireJson;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.UUID;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * One local server as seen over HTTP: its root URL, the optional API key, the shared transport, and
 * the failures every local server shares, explained with the server's name and URL: a server that
 * is down (connection refused, no route, unknown host) or still loading (503), and a model it does
 * not serve (404, or llama.cpp's router's 400 "model ... not found"). Both are {@link
 * ServiceUnavailableException}s, retryable, so the pipeline fails over to the next target.
 * Thread-safe.
 */
public final class LocalEndpoint implements AutoCloseable {
  private final String providerId;
  private final LocalServer server;
  private final HttpUrl root;
  private final String label;
  private final Secret apiKey;
  private final HttpTransport transport;
  private final Duration discoveryTimeout;

  /**
   * @param root the server's root URL (for OpenAI-compatible servers without the {@code /v1})
   * @param label the server for messages, such as {@code vLLM server at http://gpu02:8000}
   */
  public LocalEndpoint(
      String providerId,
      LocalServer server,
      URI root,
      String label,
      Secret apiKey,
      HttpTransport transport,
      Duration discoveryTimeout) {
    this.providerId = providerId;
    this.server = server;
    HttpUrl url = HttpUrl.get(root.toString());
    String path = url.encodedPath().replaceAll("/+$", "");
    this.root = url.newBuilder().encodedPath(path.isEmpty() ? "/" : path).build();
    this.label = label;
    this.apiKey = apiKey;
    this.transport = transport;
    this.discoveryTimeout = discoveryTimeout;
  }

  public LocalServer server() {
    return server;
  }

  public String providerId() {
    return providerId;
  }

  /** The server for messages, with its URL. */
  public String label() {
    return label;
  }

  /** The root URL with the given path segments ({@code api/chat}, {@code v1/models}) appended. */
  public HttpUrl url(String segments) {
    return root.newBuilder().addPathSegments(segments).build();
  }

  /** A request builder for a URL, with the bearer key when one is configured. */
  public Request.Builder request(HttpUrl url) {
    Request.Builder b = new Request.Builder().url(url);
    if (apiKey != null) b.header("Authorization", "Bearer " + apiKey.reveal());
    return b;
  }

  /** POSTs a JSON body within an attempt; a failure is explained with the server and model. */
  public WireResponse post(HttpUrl url, byte[] body, String accept, AttemptContext ctx) {
    Request r =
        request(url)
            .post(HttpTransport.json(body))
            .header("Accept", accept)
            .header("X-Request-Id", ctx.clientRequestId())
            .build();
    return send(r, ctx, ErrorContext.of(providerId, ctx.model()));
  }

  /** Sends a request, explaining failures (down, loading, unknown model). */
  public WireResponse send(Request r, AttemptContext ctx, ErrorContext where) {
    try {
      return transport.send(r, ctx, where);
    } catch (SwitchboardException e) {
      throw explain(e, ctx.model());
    }
  }

  /**
   * A context for a discovery request: the discovery timeout for connect, read and the whole call.
   */
  public AttemptContext discoveryContext(String model) {
    // UUID.randomUUID costs a SecureRandom draw, which the core's hot path avoids; discovery
    // probes are rare (their answers are cached), so the plain JDK call is enough here
    String id = UUID.randomUUID().toString();
    return new AttemptContext(
        id,
        1,
        model == null ? "-" : model,
        id,
        discoveryTimeout,
        discoveryTimeout,
        System.nanoTime() + discoveryTimeout.toNanos());
  }

  /** GETs a JSON document for discovery. */
  public JsonNode getJson(String segments, String model) {
    return getJson(url(segments), model);
  }

  /** GETs a JSON document for discovery from a URL (one with a query). */
  public JsonNode getJson(HttpUrl url, String model) {
    AttemptContext ctx = discoveryContext(model);
    return send(request(url).get().build(), ctx, ErrorContext.of(providerId, model)).json(ctx);
  }

  /** GETs a path for discovery and ignores the body (health endpoints); throws unless 2xx. */
  public void ping(String segments) {
    AttemptContext ctx = discoveryContext(null);
    send(request(url(segments)).get().build(), ctx, ErrorContext.of(providerId, null)).close();
  }

  /** POSTs a JSON body for discovery and reads the JSON answer. */
  public JsonNode postJson(String segments, byte[] body, String model) {
    AttemptContext ctx = discoveryContext(model);
    Request r = request(url(segments)).post(HttpTransport.json(body)).build();
    return send(r, ctx, ErrorContext.of(providerId, model)).json(ctx);
  }

  /** Converts a parsed document into a wire record. */
  public <T> T convert(JsonNode node, Class<T> type, String model) {
    try {
      return WireJson.MAPPER.treeToValue(node, type);
    } catch (JsonProcessingException | IllegalArgumentException e) {
      throw new DecodingException(
          "the " + label + " answered JSON of an unexpected shape",
          ErrorContext.of(providerId, model),
          e);
    }
  }

  /**
   * The failure with the server named: down and loading become retryable {@link
   * ServiceUnavailableException}s, an unknown model says so; others are returned as they are.
   */
  public SwitchboardException explain(SwitchboardException e, String model) {
    if (e instanceof CallTimeoutException) return e;
    if (e instanceof TransportException) {
      String why = unreachable(e.getCause());
      if (why == null) return e;
      return new ServiceUnavailableException(
          "the " + label + " is not reachable (" + why + "): is it running?", e.context(), null, e);
    }
    if (e instanceof ServiceUnavailableException s && s.statusCode() == 503) {
      String what =
          server == LocalServer.LLAMA_CPP
              ? " is still loading its model (503)"
              : " is unavailable (503): it may be busy, starting or loading a model";
      return new ServiceUnavailableException(
          "the " + label + what, s.context(), s.retryAfter().orElse(null), s);
    }
    if (e instanceof InvalidRequestException i
        && (i.statusCode() == 404
            || HttpErrors.MODEL_NOT_FOUND_CODE.equals(i.context().errorCode()))
        && model != null
        && !model.equals("-")) {
      String hint =
          server == LocalServer.OLLAMA
              ? " (is it pulled? ollama pull " + model + ")"
              : "; 'switchboard models' lists what it serves";
      return new InvalidRequestException(
          "model '" + model + "' or the API route was not found on the " + label + hint,
          i.context(),
          i);
    }
    return e;
  }

  /** Why a connection failed, if the server is unreachable; null for other I/O failures. */
  public static String unreachable(Throwable cause) {
    if (cause instanceof ConnectException) return "connection refused";
    if (cause instanceof NoRouteToHostException) return "no route to host";
    if (cause instanceof UnknownHostException) return "its host name does not resolve";
    return null;
  }

  @Override
  public void close() {
    transport.close();
  }
}
