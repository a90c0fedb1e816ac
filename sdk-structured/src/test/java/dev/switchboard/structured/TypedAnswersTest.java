package dev.switchboard.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Role;
import dev.switchboard.error.StructuredOutputException;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Typed answers through the whole pipeline, on the mock (the adapters are tested over HTTP). */
class TypedAnswersTest {
  static final String VALID =
      "{\"summary\":\"Chest pain, stable.\",\"urgency\":\"URGENT\",\"red_flags\":[\"troponin\"],"
          + "\"vitals\":{\"heart_rate\":88,\"temperature\":37.1},\"followUpDays\":null}";

  private final MockProvider mock = MockProvider.builder().id("mock").build();
  private final ModelClient client =
      ModelClient.builder()
          .provider(mock)
          .route("triage", Route.of("mock", "mock-1"))
          .defaultModel("triage")
          .clock(new VirtualClock())
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Triage: 58M, chest pain since 2h.").build();
  }

  @Test
  void theAnswerComesBackAsTheRecordAndTheSchemaWentOutStrict() {
    mock.enqueue(MockReply.text(VALID));
    Triage t = client.chat(ask(), Triage.class);
    assertThat(t.summary()).isEqualTo("Chest pain, stable.");
    assertThat(t.urgency()).isEqualTo(Triage.Urgency.URGENT);
    assertThat(t.redFlags()).containsExactly("troponin");
    assertThat(t.vitals().heartRate()).isEqualTo(88);
    assertThat(t.followUpDays()).isEmpty();

    ResponseFormat sent = mock.lastChatRequest().responseFormat();
    assertThat(sent.kind()).isEqualTo(ResponseFormat.Kind.JSON_SCHEMA);
    assertThat(sent.name()).isEqualTo("Triage");
    assertThat(sent.strict()).isTrue();
    assertThat(sent.schema()).contains("\"red_flags\"", "\"additionalProperties\":false");
    assertThat(mock.chatRequests()).hasSize(1);
  }

  @Test
  void anOptionalPropertyMayBeLeftOutOrGiven() {
    mock.enqueue(
        MockReply.text(VALID.replace(",\"followUpDays\":null", "")),
        MockReply.text(VALID.replace("\"followUpDays\":null", "\"followUpDays\":14")));
    assertThat(client.chat(ask(), Triage.class).followUpDays()).isEmpty();
    assertThat(client.chat(ask(), Triage.class).followUpDays()).isEqualTo(Optional.of(14));
  }

  @Test
  void anInvalidAnswerGetsOneRepairThatSeesTheProblems() {
    String missingVitals = VALID.replaceAll(",\"vitals\":\\{[^}]*\\}", "");
    mock.enqueue(MockReply.text(missingVitals), MockReply.text(VALID));
    Triage t = client.chat(ask(), Triage.class);
    assertThat(t.vitals().temperature()).isEqualTo(37.1);

    assertThat(mock.chatRequests()).hasSize(2);
    ChatRequest repair = mock.chatRequests().get(1);
    List<Role> roles = repair.messages().stream().map(m -> m.role()).toList();
    assertThat(roles).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
    assertThat(repair.messages().get(2).text()).contains("$: required property 'vitals' not found");
  }

  @Test
  void aFencedAnswerIsReadWithoutItsFence() {
    mock.enqueue(MockReply.text("```json\n" + VALID + "\n```"));
    assertThat(client.chat(ask(), Triage.class).urgency()).isEqualTo(Triage.Urgency.URGENT);
  }

  @Test
  void aSecondInvalidAnswerIsATypedErrorWithTheProblemsAndNotTheAnswer() {
    String secret = "Jane Roe MRN 99812";
    String bad =
        "{\"summary\":\""
            + secret
            + "\",\"urgency\":\"SOON\",\"red_flags\":\"none\","
            + "\"vitals\":{\"heart_rate\":\"fast\",\"temperature\":37.1}}";
    mock.enqueue(MockReply.text(bad), MockReply.text("Sorry, " + secret + " is fine."));
    assertThatThrownBy(() -> client.chat(ask(), Triage.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.attempts()).isEqualTo(2);
              assertThat(e.typeName()).isEqualTo(Triage.class.getName());
              assertThat(e.problems())
                  .singleElement()
                  .satisfies(p -> assertThat(p.keyword()).isEqualTo("json"));
              assertThat(e.getMessage()).doesNotContain(secret).contains("not valid JSON");
              assertThat(e.provider()).contains("mock");
              assertThat(e.retryable()).isFalse();
            });
    // the first answer's problems reached the repair request, as schema terms only
    String repair = mock.chatRequests().get(1).messages().get(2).text();
    assertThat(repair)
        .contains("$.urgency", "$.red_flags", "$.vitals.heart_rate")
        .doesNotContain(secret);
  }

  @Test
  void theAsyncVariantCompletesWithTheRecordOrTheTypedError() {
    mock.enqueue(MockReply.text(VALID));
    assertThat(client.chatAsync(ask(), Triage.class).join().urgency())
        .isEqualTo(Triage.Urgency.URGENT);
    mock.enqueue(MockReply.text("no"), MockReply.text("still no"));
    assertThatThrownBy(() -> client.chatAsync(ask(), Triage.class).join())
        .isInstanceOf(CompletionException.class)
        .hasCauseInstanceOf(StructuredOutputException.class);
  }

  @Test
  void theMocksDefaultAnswerFollowsTheSchema() {
    Triage t = client.chat(ask(), Triage.class);
    assertThat(t.urgency()).isNotNull();
    assertThat(t.vitals()).isNotNull();
  }
}
