package dev.switchboard.wire.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ResponseLimits;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The idle pool holds as many connections as callers run at once: a load of 64 concurrent callers
 * keeps its 64 connections between bursts instead of closing half and reopening them.
 */
class ConnectionPoolSizingTest {
  private static final int CALLERS = 64;
  private static final long TIMEOUT_SECONDS = 120;

  private HttpServer server;
  private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
  private volatile CountDownLatch allArrived;
  private final ExecutorService callers = Executors.newFixedThreadPool(CALLERS);

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
    server.setExecutor(Executors.newFixedThreadPool(CALLERS));
    server.createContext(
        "/v1/ok",
        exchange -> {
          clientPorts.add(exchange.getRemoteAddress().getPort());
          CountDownLatch latch = allArrived;
          latch.countDown();
          try {
            // answer only once every caller is in flight: all 64 connections are open at once
            latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          byte[] body = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("content-type", "application/json");
          exchange.sendResponseHeaders(200, body.length);
          exchange.getResponseBody().write(body);
          exchange.close();
        });
    server.start();
  }

  @AfterEach
  void stop() {
    callers.shutdownNow();
    server.stop(0);
    ((ExecutorService) server.getExecutor()).shutdownNow();
  }

  private void burst(HttpTransport transport) throws Exception {
    allArrived = new CountDownLatch(CALLERS);
    String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/ok";
    List<Future<Integer>> done = new ArrayList<>();
    for (int i = 0; i < CALLERS; i++) {
      done.add(
          callers.submit(
              () -> {
                AttemptContext ctx = AttemptContext.forModel("m");
                try (WireResponse r =
                    transport.send(
                        new Request.Builder().url(url).get().build(),
                        ctx,
                        ErrorContext.of("p", "m"))) {
                  assertThat(r.json(ctx).path("ok").asBoolean()).isTrue(); // read whole: reusable
                  return r.status();
                }
              }));
    }
    for (Future<Integer> f : done)
      assertThat(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isEqualTo(200);
  }

  @Test
  void aSteadyLoadOf64CallersReusesItsConnectionsAfterWarmUp() throws Exception {
    try (HttpTransport transport = HttpTransport.create(ResponseLimits.DEFAULTS, CALLERS)) {
      burst(transport);
      assertThat(clientPorts).hasSize(CALLERS);
      assertThat(transport.client().connectionPool().idleConnectionCount()).isEqualTo(CALLERS);
      burst(transport);
      burst(transport);
      assertThat(clientPorts).as("no new connection after warm-up").hasSize(CALLERS);
    }
  }

  @Test
  void theDefaultPoolKeepsMoreIdleConnectionsThanTheOldCapOf32() throws Exception {
    try (HttpTransport transport = HttpTransport.create()) {
      burst(transport);
      assertThat(transport.client().connectionPool().idleConnectionCount()).isEqualTo(CALLERS);
      assertThat(transport.client().dispatcher().getMaxRequestsPerHost())
          .isEqualTo(HttpTransport.DEFAULT_MAX_CONNECTIONS_PER_HOST);
    }
  }

  @Test
  void theDefaultClientRunsCallsWithDefaultTimeoutsItself() {
    try (HttpTransport transport = HttpTransport.create()) {
      assertThat(transport.client().connectTimeoutMillis()).isEqualTo(5_000);
      assertThat(transport.client().readTimeoutMillis()).isEqualTo(60_000);
    }
  }
}
