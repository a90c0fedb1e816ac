package dev.switchboard.structured;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.structured.internal.Schemas;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaGenerationTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void aRecordBecomesAnObjectSchemaWithJacksonNamesDescriptionsEnumsListsAndNesting() {
    JsonNode s = Schemas.of(Triage.class);
    assertThat(s.path("type").asText()).isEqualTo("object");
    assertThat(s.path("additionalProperties").asBoolean(true)).isFalse();
    JsonNode p = s.path("properties");
    assertThat(names(p))
        .containsExactlyInAnyOrder("summary", "urgency", "red_flags", "vitals", "followUpDays");
    assertThat(p.path("summary").path("description").asText())
        .isEqualTo("One sentence for the receiving clinician");
    assertThat(values(p.path("urgency").path("enum")))
        .containsExactly("ROUTINE", "URGENT", "EMERGENT");
    assertThat(p.path("red_flags").path("type").asText()).isEqualTo("array");
    assertThat(p.path("red_flags").path("items").path("type").asText()).isEqualTo("string");
    JsonNode vitals = p.path("vitals");
    assertThat(vitals.path("type").asText()).isEqualTo("object");
    assertThat(vitals.path("additionalProperties").asBoolean(true)).isFalse();
    assertThat(names(vitals.path("properties")))
        .containsExactlyInAnyOrder("heart_rate", "temperature");
    assertThat(values(vitals.path("required")))
        .containsExactlyInAnyOrder("heart_rate", "temperature");
    assertThat(s.toString()).doesNotContain("$ref", "$schema");
  }

  @Test
  void optionalComponentsAreNullableAndNotRequiredButTheStrictFormListsThemAll() {
    JsonNode s = Schemas.of(Triage.class);
    assertThat(values(s.path("required")))
        .containsExactlyInAnyOrder("summary", "urgency", "red_flags", "vitals");
    assertThat(s.path("properties").path("followUpDays").toString()).contains("null");

    JsonNode strict = Schemas.strict((com.fasterxml.jackson.databind.node.ObjectNode) s);
    assertThat(values(strict.path("required")))
        .containsExactlyInAnyOrder("summary", "urgency", "red_flags", "vitals", "followUpDays");
    assertThat(values(s.path("required"))).hasSize(4); // the original is left alone
  }

  @Test
  void aTypeThatIsNotAnObjectIsRefusedWithAHint() throws Exception {
    assertThat(JSON.readTree(Schemas.of(Triage.Urgency.class).toString()).path("type").asText())
        .isEqualTo("string");
    assertThatThrownBy(
            () ->
                new dev.switchboard.structured.internal.TypedAnswers()
                    .chat(
                        dev.switchboard.chat.ChatRequest.builder().user("x").build(),
                        Triage.Urgency.class,
                        r -> {
                          throw new AssertionError("nothing may be sent");
                        }))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an object")
        .hasMessageContaining("wrap");
  }

  private static List<String> names(JsonNode object) {
    List<String> out = new ArrayList<>();
    object.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> values(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }
}
