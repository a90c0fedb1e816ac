package dev.switchboard.foundry.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.foundry.FoundryApi;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.wire.internal.anthropic.AnthropicDecoder;
import dev.switchboard.wire.internal.anthropic.AnthropicEncoder;
import dev.switchboard.wire.internal.anthropic.AnthropicStreamSource;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.IoFailures;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.json.WireJson;
import dev.switchboard.wire.internal.openai.ChatDecoder;
import dev.switchboard.wire.internal.openai.ChatEncoder;
import dev.switchboard.wire.internal.openai.ChatStreamSource;
import dev.switchboard.wire.internal.openai.EmbeddingCodec;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The Microsoft Foundry adapter: one provider speaks one API family against one endpoint.
 * Thread-safe; one instance (and one connection pool) serves all calls.
 */
public final class FoundryProvider implements ModelProvider {
  private final String id;
  private final FoundryConfig config;
  private final Family family;
  private final HttpTransport transport;
  private final Authenticator auth;
  private final String beta;

  public FoundryProvider(String id, FoundryConfig config, HttpTransport transport, Authenticator auth) {
    this.id = id;
    this.config = config;
    this.family = new Family(config);
    this.transport = transport;
    this.auth = auth;
    this.beta = config.anthropicBeta().isEmpty() ? null : String.join(",", config.anthropicBeta());
  }

  /** A provider with its own connection pool, reading IDENTITY_* from the environment. */
  public static FoundryProvider create(String id, FoundryConfig config) {
    HttpTransport transport = HttpTransport.create();
    Authenticator auth = Auths.create(config, id, transport.client(), Clock.systemUTC(), System::getenv,
        Duration.ofMillis(200));
    return new FoundryProvider(id, config, transport, auth);
  }

  @Override
  public String id() { return id; }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return family.capabilities(model);
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = encode(request, ctx.model(), false, where);
    try (WireResponse r = send(family.chatUrl(ctx.model()), body, !request.extras().isEmpty(), false, ctx, where)) {
      JsonNode root = parse(r, ctx);
      ChatResponse.Builder b = family.api() == FoundryApi.ANTHROPIC
          ? AnthropicDecoder.decode(root, r.where()) : ChatDecoder.decode(root, r.where());
      return b.requestId(r.requestId()).metadata(r.metadata()).build();
    }
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = encode(request, ctx.model(), true, where);
    WireResponse r = send(family.chatUrl(ctx.model()), body, !request.extras().isEmpty(), true, ctx, where);
    return family.api() == FoundryApi.ANTHROPIC
        ? new AnthropicStreamSource(r, ctx) : new ChatStreamSource(r, ctx, family.dialect(ctx.model()));
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    if (family.api() == FoundryApi.ANTHROPIC) {
      throw new UnsupportedCapabilityException("Claude on Foundry has no embeddings API", where);
    }
    byte[] body = EmbeddingCodec.encode(request, ctx.model(), family.dialect(ctx.model()));
    try (WireResponse r = send(family.embeddingsUrl(ctx.model()), body, !request.extras().isEmpty(), false, ctx, where)) {
      EmbeddingResponse.Builder b = EmbeddingCodec.decode(parse(r, ctx), r.where()).requestId(r.requestId());
      r.metadata().forEach(b::putMetadata);
      return b.build();
    }
  }

  private byte[] encode(ChatRequest request, String model, boolean stream, ErrorContext where) {
    if (family.api() == FoundryApi.ANTHROPIC) {
      return AnthropicEncoder.encode(request, model, stream, config.defaultMaxTokens(), where);
    }
    return ChatEncoder.encode(request, model, stream, family.dialect(model));
  }

  /** Sends with auth; a 401 on a token gets exactly one refresh and retry. */
  private WireResponse send(HttpUrl url, byte[] body, boolean hasExtras, boolean stream, AttemptContext ctx,
      ErrorContext where) {
    Request.Builder b = request(url, body, hasExtras, stream, ctx);
    Object sent = auth.apply(b);
    try {
      return stream ? transport.sendStreaming(b.build(), ctx, where) : transport.send(b.build(), ctx, where);
    } catch (AuthenticationException e) {
      if (e.statusCode() != 401 || !auth.refreshable()) throw e;
      auth.refused(sent);
      Request.Builder again = request(url, body, hasExtras, stream, ctx);
      auth.apply(again);
      return stream ? transport.sendStreaming(again.build(), ctx, where) : transport.send(again.build(), ctx, where);
    }
  }

  private Request.Builder request(HttpUrl url, byte[] body, boolean hasExtras, boolean stream, AttemptContext ctx) {
    Request.Builder b = new Request.Builder().url(url).post(HttpTransport.json(body))
        .header("x-ms-client-request-id", ctx.clientRequestId())
        .header("Accept", stream ? "text/event-stream" : "application/json");
    if (family.api() == FoundryApi.ANTHROPIC) {
      b.header("anthropic-version", config.anthropicVersion());
      if (beta != null) b.header("anthropic-beta", beta);
    }
    if (family.api() == FoundryApi.MODEL_INFERENCE && hasExtras) b.header("extra-parameters", config.extraParameters());
    return b;
  }

  private static JsonNode parse(WireResponse r, AttemptContext ctx) {
    try {
      return WireJson.parse(r.stream());
    } catch (JsonProcessingException e) {
      throw new DecodingException("the response body is not valid JSON", r.where(), e);
    } catch (IOException e) {
      throw IoFailures.map(e, ctx, r.where());
    }
  }

  @Override
  public void close() {
    transport.close();
  }

  @Override
  public String toString() {
    return "FoundryProvider[" + id + ", " + config.describe() + "]";
  }
}
