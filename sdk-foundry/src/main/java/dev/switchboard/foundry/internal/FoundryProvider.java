package dev.switchboard.foundry.internal;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.foundry.internal.protocol.FoundryProtocol;
import dev.switchboard.foundry.internal.protocol.FoundryProtocols;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.SchemaMode;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.WireResponse;
import java.time.Clock;
import java.time.Duration;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The Microsoft Foundry adapter: one provider speaks one API family against one endpoint. What
 * differs per family is the {@link FoundryProtocol}'s business; this class only sends (with auth,
 * and one token refresh on a 401). Thread-safe; one instance (and one connection pool) serves all
 * calls.
 */
public final class FoundryProvider implements ModelProvider {
  private final String id;
  private final FoundryConfig config;
  private final FoundryProtocol protocol;
  private final HttpTransport transport;
  private final Authenticator auth;

  public FoundryProvider(
      String id, FoundryConfig config, HttpTransport transport, Authenticator auth) {
    this(id, config, FoundryProtocols.create(config), transport, auth);
  }

  private FoundryProvider(
      String id,
      FoundryConfig config,
      FoundryProtocol protocol,
      HttpTransport transport,
      Authenticator auth) {
    this.id = id;
    this.config = config;
    this.protocol = protocol;
    this.transport = transport;
    this.auth = auth;
  }

  /** A provider with its own connection pool, reading IDENTITY_* from the environment. */
  public static FoundryProvider create(String id, FoundryConfig config) {
    FoundryProtocol protocol = FoundryProtocols.create(config);
    HttpTransport transport = HttpTransport.create(config.limits(), config.maxConnections());
    Authenticator auth =
        Auths.create(
            config,
            protocol,
            id,
            transport.client(),
            Clock.systemUTC(),
            System::getenv,
            Duration.ofMillis(200));
    return new FoundryProvider(id, config, protocol, transport, auth);
  }

  @Override
  public java.util.Optional<java.net.URI> endpoint() {
    // The configured URL, or the vendor default the config resolved to.
    return java.util.Optional.of(config.endpoint());
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return protocol.capabilities(model);
  }

  @Override
  public SchemaMode schemaMode(String model) {
    return protocol.schemaMode(model);
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = protocol.encodeChat(request, ctx.model(), false, where);
    WireResponse r =
        send(protocol.chatUrl(ctx.model()), body, !request.extras().isEmpty(), false, ctx, where);
    return protocol
        .decodeChat(r.json(ctx), r.where())
        .provider(id) // as the pipeline would stamp it: the answer is then not rebuilt to say so
        .requestId(r.requestId())
        .metadata(r.metadata())
        .build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = protocol.encodeChat(request, ctx.model(), true, where);
    WireResponse r =
        send(protocol.streamUrl(ctx.model()), body, !request.extras().isEmpty(), true, ctx, where);
    return protocol.streamSource(r, ctx);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = protocol.encodeEmbeddings(request, ctx.model(), where);
    WireResponse r =
        send(
            protocol.embeddingsUrl(ctx.model()),
            body,
            !request.extras().isEmpty(),
            false,
            ctx,
            where);
    EmbeddingResponse.Builder b =
        protocol.decodeEmbeddings(r.json(ctx), r.where()).requestId(r.requestId());
    r.metadata().forEach(b::putMetadata);
    return b.build();
  }

  /** Sends with auth; a 401 on a token gets exactly one refresh and retry. */
  private WireResponse send(
      HttpUrl url,
      byte[] body,
      boolean hasExtras,
      boolean stream,
      AttemptContext ctx,
      ErrorContext where) {
    Request.Builder b = request(url, body, hasExtras, stream, ctx);
    Object sent = auth.apply(b);
    try {
      return stream
          ? transport.sendStreaming(b.build(), ctx, where)
          : transport.send(b.build(), ctx, where);
    } catch (AuthenticationException e) {
      if (e.statusCode() != 401 || !auth.refreshable()) throw e;
      auth.refused(sent);
      Request.Builder again = request(url, body, hasExtras, stream, ctx);
      auth.apply(again);
      return stream
          ? transport.sendStreaming(again.build(), ctx, where)
          : transport.send(again.build(), ctx, where);
    }
  }

  private Request.Builder request(
      HttpUrl url, byte[] body, boolean hasExtras, boolean stream, AttemptContext ctx) {
    Request.Builder b =
        new Request.Builder()
            .url(url)
            .post(HttpTransport.json(body))
            .header("x-ms-client-request-id", ctx.clientRequestId())
            .header("Accept", stream ? "text/event-stream" : "application/json");
    protocol.addHeaders(b, hasExtras);
    return b;
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
