package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelRequest;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
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
    // One call in five carries a marker that makes the primary fail: 503, 429 or a reset. The
    // primary takes a real millisecond per answer, so that calls overlap and its bulkhead fills.
    ScriptedProvider primary =
        new ScriptedProvider("primary")
            .always(request -> primaryReply(request).withLatency(Duration.ofMillis(1)));
    ScriptedProvider secondary =
        new ScriptedProvider("secondary").always(ScriptedReply.text("Secondary answer."));
    AttemptLog log = new AttemptLog();
    ExecutorService pool = Executors.newFixedThreadPool(32);
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .provider(secondary)
            .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
            .resilience(
                ResilienceSettings.builder()
                    .provider("primary", p -> p.withBulkhead(BulkheadPolicy.of(8)))
                    .build())
            .clock(new TestClock())
            .addListener(log)
            .build()) {
      List<Future<Integer>> calls = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        ChatRequest request = ChatRequest.builder().user("Note " + i + marker(i)).build();
        boolean streamed = i % 2 == 1;
        calls.add(
            pool.submit(
                () ->
                    streamed ? streamAttempts(client, request) : client.chat(request).attempts()));
      }

      int attempts = 0;
      // A guard against a hang, not a measurement: the calls take milliseconds.
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

  private static ScriptedReply primaryReply(ModelRequest request) {
    String text = ScriptedProvider.lastUserText((ChatRequest) request);
    if (text.endsWith("#unavailable")) return ScriptedReply.unavailable();
    if (text.endsWith("#throttled")) return ScriptedReply.rateLimited(Duration.ofMillis(50));
    if (text.endsWith("#reset")) return ScriptedReply.text("cut").cutAfter(0);
    return ScriptedReply.text("Primary answer.");
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
