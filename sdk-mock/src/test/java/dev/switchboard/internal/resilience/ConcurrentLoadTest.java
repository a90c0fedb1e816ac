package dev.switchboard.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.resilience.BulkheadPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many calls at once with injected faults: none hangs, and every attempt is accounted for. */
class ConcurrentLoadTest {

  @Test
  void twoHundredCallsOn32ThreadsWith20PercentFaultsEndWithExactAttemptCounts() throws Exception {
    // One call in five carries a marker that makes the primary fail: 503, 429 or a reset.
    MockProvider primary = MockProvider.builder().id("primary").latency(Duration.ofMillis(1))
        .when("#unavailable", MockReply.fault(MockFault.unavailable()))
        .when("#throttled", MockReply.fault(MockFault.rateLimited(Duration.ofMillis(50))))
        .when("#reset", MockReply.text("cut").withFault(MockFault.disconnect(0)))
        .reply("Primary answer.").build();
    MockProvider secondary = MockProvider.builder().id("secondary").reply("Secondary answer.").build();
    AttemptLog log = new AttemptLog();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (ModelClient client = ModelClient.builder().provider(primary).provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
        .providerResilience("primary", p -> p.withBulkhead(BulkheadPolicy.of(8)))
        .resilienceClock(new VirtualClock()).addListener(log).build()) {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ChatRequest request = ChatRequest.builder().user("Note " + i + marker(i)).build();
        boolean streamed = i % 2 == 1;
        calls.add(pool.submit(() -> streamed ? streamAttempts(client, request) : client.chat(request).attempts()));
      }

      int attempts = 0;
      for (Future<Integer> call : calls) attempts += call.get(20, TimeUnit.SECONDS);

      assertThat(attempts).isEqualTo(primary.requests().size() + secondary.requests().size());
      assertThat(log.started).hasSize(attempts);
      assertThat(log.ended).hasSize(attempts);
      assertThat(log.succeeded).hasSize(200);
      assertThat(log.failed).isEmpty();
      assertThat(primary.openStreams() + secondary.openStreams()).isZero();
    } finally {
      pool.shutdownNow();
    }
  }

  private static String marker(int i) {
    if (i % 5 != 0) return "";
    return switch ((i / 5) % 3) {
      case 0 -> " #unavailable";
      case 1 -> " #throttled";
      default -> " #reset";
    };
  }

  private static int streamAttempts(ModelClient client, ChatRequest request) {
    try (ChatStream stream = client.stream(request)) {
      return stream.response().attempts();
    }
  }
}
