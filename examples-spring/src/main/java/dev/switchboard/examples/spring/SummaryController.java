package dev.switchboard.examples.spring;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import java.util.Map;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Summarizes a note with the auto-configured client. */
@RestController
public class SummaryController {
  private final ModelClient client;

  /**
   * @param client the client the starter configured
   */
  public SummaryController(ModelClient client) {
    this.client = client;
  }

  /**
   * Summarizes the posted note.
   *
   * @param note the note's text
   * @return the summary and which provider and model answered
   */
  @PostMapping("/summaries")
  public Map<String, Object> summarize(@RequestBody String note) {
    ChatResponse r =
        client.chat(
            ChatRequest.builder()
                .system("Summarize the note for the receiving clinician in two sentences.")
                .user(note)
                .tag("application", "discharge-summaries")
                .build());
    return Map.of(
        "summary",
        r.text(),
        "provider",
        r.provider(),
        "model",
        r.model(),
        "attempts",
        r.attempts());
  }
}
