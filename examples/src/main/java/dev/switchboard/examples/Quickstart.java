package dev.switchboard.examples;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.mock.MockProvider;

/**
 * The smallest useful program: a client with one logical model served by the mock, one chat call,
 * the answer and what it took. Swap the mock for a config file with {@code
 * ModelClient.fromConfig(Path.of("switchboard.yaml"))}.
 */
public final class Quickstart {
  private Quickstart() {}

  public static void main(String[] args) {
    try (ModelClient client =
        ModelClient.builder()
            .provider(
                MockProvider.builder()
                    .reply("Stable on room air; discharge home with follow-up in 2 weeks.")
                    .build())
            .route("discharge-summary", Route.of("mock", "mock-chat-1"))
            .build()) {
      ChatResponse answer =
          client.chat(
              ChatRequest.builder()
                  .model("discharge-summary")
                  .system("Summarize for the receiving clinician in one sentence.")
                  .user(
                      "Patient admitted with CAP, treated with ceftriaxone, afebrile 48h, SpO2 97% RA.")
                  .tag("department", "internal-medicine")
                  .build());
      System.out.println(answer.text());
      System.out.println(
          answer.usage()
              + " from "
              + answer.provider()
              + "/"
              + answer.model()
              + " in "
              + answer.latency().toMillis()
              + " ms");
    }
  }
}
