package dev.switchboard.examples;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.mock.MockProvider;
import java.time.Duration;

/**
 * Streams an answer: print text as it arrives, then read the aggregated response (usage included).
 * try-with-resources frees the connection, also when you stop early.
 */
public final class StreamingExample {
  private StreamingExample() {}

  public static void main(String[] args) {
    MockProvider mock =
        MockProvider.builder()
            .reply(
                "Afebrile for 48 hours, oxygen saturation normal on room air, tolerating oral antibiotics.")
            .chunkDelay(Duration.ofMillis(40))
            .build();
    try (ModelClient client =
            ModelClient.builder()
                .provider(mock)
                .route("summary", Route.of("mock", "mock-chat-1"))
                .build();
        ChatStream stream =
            client.stream(
                ChatRequest.builder().user("Why is the patient ready for discharge?").build())) {
      for (ChatEvent event : stream) {
        if (event instanceof ChatEvent.TextDelta delta) {
          System.out.print(delta.text());
          System.out.flush();
        }
      }
      System.out.println();
      System.out.println(stream.response().usage());
    }
  }
}
