package dev.switchboard.wire.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testing.Concurrently;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deadline thread cancels every call past its deadline and no forgotten one, whatever callers
 * watch and forget meanwhile, and outlives whatever cancelling a call throws at it.
 */
class DeadlineReaperTest {
  static WireMockServer server;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    // a body that dribbles for 30 s: only a deadline ends reading it early
    server.stubFor(
        WireMock.get(urlEqualTo("/drip"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("data: x\n\n".repeat(60))
                    .withChunkedDribbleDelay(60, 30_000)));
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  /** An event listener whose {@code canceled} fails as badly as anything can. */
  static final class FailingOnCancel extends EventListener {
    @Override
    public void canceled(Call call) {
      throw new OutOfMemoryError("simulated: a listener failed while its call was cancelled");
    }
  }

  @Test
  void deadlinesStillHoldAfterTheReaperMetAnError() throws InterruptedException {
    OkHttpClient poisoned = new OkHttpClient.Builder().eventListener(new FailingOnCancel()).build();
    Call poison = poisoned.newCall(new Request.Builder().url(server.baseUrl() + "/drip").build());
    DeadlineReaper.watch(poison, System.nanoTime()); // due at once: its cancel throws
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!poison.isCanceled() && System.nanoTime() < waitUntil) Thread.sleep(10);
    assertThat(poison.isCanceled()).as("the reaper reached the failing call").isTrue();

    // a later call with a far deadline (held by the reaper, not OkHttp's own call timeout) still
    // ends at it: without a living reaper it would read the whole 30 s body and succeed
    try (HttpTransport transport = HttpTransport.create()) {
      AttemptContext ctx =
          new AttemptContext(
              "call",
              1,
              "m",
              "cid",
              Duration.ofSeconds(5),
              Duration.ofSeconds(5),
              System.nanoTime() + Duration.ofMillis(800).toNanos());
      assertThat(Duration.ofMillis(800).toNanos())
          .isGreaterThan(DeadlineReaper.PRECISE_BELOW_NANOS);
      assertThatThrownBy(
              () -> {
                try (WireResponse r =
                    transport.sendStreaming(
                        new Request.Builder().url(server.baseUrl() + "/drip").build(),
                        ctx,
                        ErrorContext.of("p", "m"))) {
                  r.source().readByteArray();
                }
              })
          .isInstanceOfAny(SwitchboardException.class, java.io.IOException.class);
    } finally {
      poisoned.dispatcher().executorService().shutdown();
    }
  }

  private static Call unsent(OkHttpClient client) {
    return client.newCall(new Request.Builder().url(server.baseUrl() + "/quiet").build());
  }

  private static void awaitCancelled(List<Call> calls) throws InterruptedException {
    long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (calls.stream().anyMatch(c -> !c.isCanceled()) && System.nanoTime() < waitUntil) {
      Thread.sleep(10);
    }
  }

  @Test
  void aForgottenCallIsNotCancelledWhenItsDeadlinePasses() throws InterruptedException {
    OkHttpClient client = new OkHttpClient();
    Call forgotten = unsent(client);
    Call due = unsent(client);
    long now = System.nanoTime();
    long forgottenDue = now + TimeUnit.MILLISECONDS.toNanos(300);
    DeadlineReaper.watch(forgotten, forgottenDue);
    DeadlineReaper.forget(forgotten);
    // a tick cancels only what is due by its own reading of the clock: forgotten before its
    // deadline, the call can never be cancelled. A thread held off the CPU for 300 ms proves
    // nothing.
    assumeTrue(
        System.nanoTime() < forgottenDue, "the test thread was descheduled past the deadline");
    DeadlineReaper.watch(due, now + TimeUnit.MILLISECONDS.toNanos(600));

    awaitCancelled(List.of(due));

    // the tick that cancelled `due` cancels every watched call due by then, `forgotten` included
    assertThat(due.isCanceled()).isTrue();
    assertThat(forgotten.isCanceled()).isFalse();
  }

  @Test
  void noWatchIsLostWhileCallersPushAndTheReaperPrunes() throws Exception {
    // 8 threads watch calls in bursts for about half a second, across many ticks, and forget every
    // other one at once (due in an hour); every kept one must be cancelled at its deadline, which a
    // watch lost meanwhile never would be
    OkHttpClient client = new OkHttpClient();
    List<Call> kept = new CopyOnWriteArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
    long inAnHour = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
    Concurrently.onThreads(
        8,
        () -> {
          for (int burst = 0; burst < 20; burst++) {
            for (int i = 0; i < 50; i++) {
              Call call = unsent(client);
              if (i % 2 == 0) {
                DeadlineReaper.watch(call, inAnHour);
                DeadlineReaper.forget(call);
              } else {
                DeadlineReaper.watch(call, deadline);
                kept.add(call);
              }
            }
            Thread.sleep(25);
          }
        });
    assertThat(kept).hasSize(4_000);

    awaitCancelled(kept);

    assertThat(kept).allMatch(Call::isCanceled);
  }
}
