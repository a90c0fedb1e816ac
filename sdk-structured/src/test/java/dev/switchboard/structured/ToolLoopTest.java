package dev.switchboard.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ToolLoopException;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The tool loop through the whole pipeline (cost tracking on), on the mock and a virtual clock. */
class ToolLoopTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A ward formulary: the tools under test. */
  static final class Formulary {
    final List<String> calls = new ArrayList<>();
    final VirtualClock clock;
    Duration lookupTakes = Duration.ZERO;
    boolean offline;

    Formulary(VirtualClock clock) {
      this.clock = clock;
    }

    @Tool("Units of a drug in stock on the ward")
    int stock(@ToolParam("Generic drug name, lower case") String drug) {
      calls.add("stock " + drug);
      clock.advance(lookupTakes);
      if (offline) throw new IllegalStateException("formulary offline");
      return drug.equals("amoxicillin") ? 42 : 0;
    }

    @Tool(name = "weight_dose", value = "The dose for a patient's weight")
    Dose dose(
        @ToolParam("Generic drug name") String drug,
        @ToolParam(value = "Body weight in kg") double weightKg,
        @ToolParam(value = "Route, oral by default", required = false) String route,
        Optional<Integer> ageYears) {
      calls.add("dose " + drug + " " + weightKg + " " + route + " " + ageYears.orElse(-1));
      return new Dose(drug, Math.round(weightKg * 25), "mg", route == null ? "oral" : route);
    }
  }

  record Dose(String drug, long amount, String unit, String route) {}

  private final VirtualClock clock = new VirtualClock();
  private final Formulary formulary = new Formulary(clock);
  private final MockProvider mock = MockProvider.builder().id("mock").build();
  private final ModelClient client =
      ModelClient.builder(
              SwitchboardConfig.parse(
                  """
                  providers:
                    mock: { type: mock }
                  models:
                    ward: { provider: mock, model: mock-1 }
                  default-model: ward
                  pricing:
                    overrides:
                      - { provider: mock, model: "*", input-per-million: 1000000, output-per-million: 2000000 }
                  """,
                  "tools.yaml"))
          .provider(mock)
          .clock(clock)
          .build();

  @AfterEach
  void close() {
    client.close();
  }

  private static ToolCall call(String id, String name, String args) {
    return new ToolCall(id, name, args);
  }

  private static ChatRequest ask() {
    return ChatRequest.builder()
        .user("Can we give amoxicillin to the 20 kg child in bed 4?")
        .build();
  }

  @Test
  void theToolsAreDescribedFromTheirAnnotationsAndTypes() throws Exception {
    ToolLoop loop = ToolLoop.builder(client).tools(formulary).build();
    assertThat(loop.tools()).extracting(t -> t.name()).containsExactly("stock", "weight_dose");
    dev.switchboard.chat.Tool dose = loop.tools().get(1);
    assertThat(dose.description()).isEqualTo("The dose for a patient's weight");
    JsonNode s = JSON.readTree(dose.parametersSchema());
    assertThat(s.path("properties").path("weightKg").path("type").asText()).isEqualTo("number");
    assertThat(s.path("properties").path("weightKg").path("description").asText())
        .isEqualTo("Body weight in kg");
    assertThat(s.path("properties").path("ageYears").path("type").asText()).isEqualTo("integer");
    assertThat(s.path("required").toString()).isEqualTo("[\"drug\",\"weightKg\"]");
    assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void severalRoundsRunTheToolsAndTheAnswerCarriesTheTotalsOfAllRounds() {
    mock.enqueue(
        MockReply.toolCalls(call("c1", "stock", "{\"drug\":\"amoxicillin\"}"))
            .withUsage(Usage.of(10, 5)),
        MockReply.toolCalls(
                call("c2", "weight_dose", "{\"drug\":\"amoxicillin\",\"weightKg\":20}"),
                call("c3", "stock", "{\"drug\":\"cefalexin\"}"))
            .withUsage(Usage.of(20, 5)),
        MockReply.text("Yes: 500 mg oral, 42 units in stock.").withUsage(Usage.of(30, 10)));

    ChatResponse answer = ToolLoop.builder(client).tools(formulary).build().run(ask());

    assertThat(answer.text()).isEqualTo("Yes: 500 mg oral, 42 units in stock.");
    assertThat(answer.metadata()).containsEntry("tool-rounds", "2");
    assertThat(answer.usage()).isEqualTo(Usage.of(60, 20));
    assertThat(answer.attempts()).isEqualTo(3);
    // 60 input tokens at $1 and 20 output tokens at $2, over the three calls
    assertThat(answer.cost().orElseThrow().amount()).isEqualByComparingTo(new BigDecimal("100"));
    assertThat(formulary.calls)
        .containsExactly("stock amoxicillin", "dose amoxicillin 20.0 null -1", "stock cefalexin");

    List<ChatRequest> sent = mock.chatRequests();
    assertThat(sent).hasSize(3);
    assertThat(sent.get(0).tools()).hasSize(2);
    List<ChatMessage> last = sent.get(2).messages();
    assertThat(last).hasSize(6); // user, assistant(c1), tool, assistant(c2, c3), tool, tool
    assertThat(last.get(1)).isInstanceOf(AssistantMessage.class);
    assertThat(((ToolMessage) last.get(2)).content()).isEqualTo("42");
    assertThat(((AssistantMessage) last.get(3)).toolCalls()).hasSize(2);
    assertThat(((ToolMessage) last.get(4)).toolCallId()).isEqualTo("c2");
    assertThat(((ToolMessage) last.get(4)).content())
        .isEqualTo("{\"drug\":\"amoxicillin\",\"amount\":500,\"unit\":\"mg\",\"route\":\"oral\"}");
    assertThat(((ToolMessage) last.get(5)).content()).isEqualTo("0");
  }

  @Test
  void aFailingToolIsReportedToTheModelWhichCanAnswerAnyway() {
    formulary.offline = true;
    mock.enqueue(
        MockReply.toolCalls(call("c1", "stock", "{\"drug\":\"amoxicillin\"}")),
        MockReply.text("The formulary is offline; ask pharmacy."));
    ChatResponse answer = ToolLoop.builder(client).tools(formulary).build().run(ask());
    assertThat(answer.text()).isEqualTo("The formulary is offline; ask pharmacy.");
    ToolMessage result = (ToolMessage) mock.chatRequests().get(1).messages().get(2);
    assertThat(result.content())
        .isEqualTo("Error: tool 'stock' failed: IllegalStateException: formulary offline");
  }

  @Test
  void aFailingToolIsThrownWhenTheCallerAsksWithItsExceptionAsCause() {
    formulary.offline = true;
    mock.enqueue(MockReply.toolCalls(call("c1", "stock", "{\"drug\":\"amoxicillin\"}")));
    ToolLoop loop = ToolLoop.builder(client).tools(formulary).throwToolErrors(true).build();
    assertThatThrownBy(() -> loop.run(ask()))
        .isInstanceOfSatisfying(
            ToolLoopException.class,
            e -> {
              assertThat(e.getCause()).isInstanceOf(IllegalStateException.class);
              assertThat(e.getMessage())
                  .contains("tool 'stock' failed in round 1 (IllegalStateException)")
                  .doesNotContain("formulary offline", "amoxicillin");
              assertThat(e.rounds()).isZero();
            });
    assertThat(mock.chatRequests()).hasSize(1);
  }

  @Test
  void invalidArgumentsAndUnknownToolsAreToldToTheModelWithoutCallingAnything() {
    mock.enqueue(
        MockReply.toolCalls(
            call("c1", "stock", "{\"medication\":\"amoxicillin\"}"),
            call("c2", "weight_dose", "{\"drug\":\"x\",\"weightKg\":\"heavy\"}"),
            call("c3", "order", "{}")),
        MockReply.text("Sorry."));
    ToolLoop.builder(client).tools(formulary).build().run(ask());
    assertThat(formulary.calls).isEmpty();
    List<ChatMessage> sent = mock.chatRequests().get(1).messages();
    assertThat(((ToolMessage) sent.get(2)).content())
        .startsWith("Error: tool 'stock' invalid arguments: ")
        .contains("$: required property 'drug' not found")
        .contains("medication");
    assertThat(((ToolMessage) sent.get(3)).content()).contains("$.weightKg", "number");
    assertThat(((ToolMessage) sent.get(4)).content())
        .isEqualTo("Error: there is no tool named 'order'; the tools are: stock, weight_dose");
  }

  @Test
  void theRoundLimitEndsALoopThatNeverAnswers() {
    for (int i = 0; i < 5; i++)
      mock.enqueue(MockReply.toolCalls(call("c" + i, "stock", "{\"drug\":\"amoxicillin\"}")));
    ToolLoop loop = ToolLoop.builder(client).tools(formulary).maxRounds(2).build();
    assertThatThrownBy(() -> loop.run(ask()))
        .isInstanceOfSatisfying(
            ToolLoopException.class,
            e -> {
              assertThat(e.rounds()).isEqualTo(2);
              assertThat(e.getMessage()).contains("after 2 rounds (maxRounds 2): stock");
              assertThat(e.provider()).contains("mock");
            });
    assertThat(mock.chatRequests()).hasSize(3);
    assertThat(formulary.calls).hasSize(2);
  }

  @Test
  void theDeadlineOnTheClientsClockStopsTheLoopBeforeTheNextCall() {
    formulary.lookupTakes = Duration.ofSeconds(50); // virtual time: the test takes none
    for (int i = 0; i < 5; i++)
      mock.enqueue(MockReply.toolCalls(call("c" + i, "stock", "{\"drug\":\"amoxicillin\"}")));
    ToolLoop loop =
        ToolLoop.builder(client).tools(formulary).deadline(Duration.ofSeconds(90)).build();
    assertThatThrownBy(() -> loop.run(ask()))
        .isInstanceOf(CallTimeoutException.class)
        .hasMessageContaining("deadline of PT1M30S after 2 rounds");
    // rounds 1 and 2 ran (100 s of lookups); the third call was never made
    assertThat(formulary.calls).hasSize(2);
    assertThat(mock.chatRequests()).hasSize(2);
  }

  @Test
  void theDefaultDeadlineIsTheClientsCallTimeout() {
    formulary.lookupTakes = client.timeouts().call().plusSeconds(1);
    mock.enqueue(MockReply.toolCalls(call("c1", "stock", "{\"drug\":\"amoxicillin\"}")));
    ToolLoop loop = ToolLoop.builder(client).tools(formulary).build();
    assertThatThrownBy(() -> loop.run(ask())).isInstanceOf(CallTimeoutException.class);
    assertThat(mock.chatRequests()).hasSize(1);
  }

  @Test
  void anObjectWithoutToolsOrAToolNameClashIsRefused() {
    assertThatThrownBy(() -> ToolLoop.builder(client).tools(new Object()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no method annotated @Tool");
    assertThatThrownBy(() -> ToolLoop.builder(client).tools(formulary, new Formulary(clock)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("two tools are named");
  }
}
