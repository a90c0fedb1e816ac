package dev.switchboard.examples;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;

/**
 * Application code that knows only a logical model name. Which vendor serves it is decided by the
 * config the client was built from; see {@link SwitchVendorByConfig}.
 */
public final class DischargeSummarizer {
  private final ModelClient client;

  public DischargeSummarizer(ModelClient client) {
    this.client = client;
  }

  /** Summarizes a note for the receiving clinician. */
  public ChatResponse summarize(String note) {
    return client.chat(
        ChatRequest.builder()
            .model("discharge-summary")
            .system("Summarize for the receiving clinician in one sentence.")
            .user(note)
            .maxOutputTokens(200)
            .tag("application", "discharge")
            .build());
  }
}
