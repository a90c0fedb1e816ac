package dev.switchboard.structured.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.StructuredOutputException;
import dev.switchboard.error.StructuredOutputException.Problem;
import dev.switchboard.spi.StructuredOutputSupport;
import java.util.List;
import java.util.function.Function;

/**
 * Typed answers: the type's schema goes out in the request's response format (the pipeline shapes
 * each attempt for its target's schema mode), the answer is validated and bound, and an answer that
 * fails gets exactly one repair call, which sees the problems, never more. Thread-safe; schemas are
 * generated once per type.
 */
public final class TypedAnswers implements StructuredOutputSupport {
  /** How many problems a repair request lists; more only make the prompt longer. */
  private static final int PROBLEMS_IN_REPAIR = 10;

  private final ClassValue<TypeSchema> schemas =
      new ClassValue<>() {
        @Override
        protected TypeSchema computeValue(Class<?> type) {
          return TypeSchema.of(type);
        }
      };

  /** Used through {@link java.util.ServiceLoader}. */
  public TypedAnswers() {}

  @Override
  public <T> T chat(ChatRequest request, Class<T> type, Function<ChatRequest, ChatResponse> chat) {
    TypeSchema schema = schemas.get(type);
    ChatRequest first =
        request.toBuilder()
            .responseFormat(ResponseFormat.jsonSchema(schema.name(), schema.strictJson(), true))
            .build();
    ChatResponse answer = chat.apply(first);
    Outcome<T> outcome = read(answer, type, schema);
    if (outcome.value() != null) return outcome.value();

    ChatResponse repaired = chat.apply(repair(first, answer, outcome.problems()));
    Outcome<T> second = read(repaired, type, schema);
    if (second.value() != null) return second.value();
    throw new StructuredOutputException(type.getName(), second.problems(), 2, where(repaired));
  }

  /** The first request, the model's answer as history, and what was wrong with it. */
  private static ChatRequest repair(
      ChatRequest first, ChatResponse answer, List<Problem> problems) {
    ChatRequest.Builder b = first.toBuilder();
    if (!answer.text().isEmpty()) b.message(new AssistantMessage(answer.text(), List.of()));
    StringBuilder text =
        new StringBuilder(
            "Your answer is not valid against the JSON schema. Problems (JSON path: problem):\n");
    problems.stream()
        .limit(PROBLEMS_IN_REPAIR)
        .forEach(
            p -> text.append("- ").append(p.path()).append(": ").append(p.message()).append('\n'));
    text.append("Reply again with only the corrected JSON object.");
    return b.user(text.toString()).build();
  }

  private static ErrorContext where(ChatResponse r) {
    ErrorContext c = ErrorContext.of(r.provider(), r.model());
    return r.requestId().map(c::withRequestId).orElse(c);
  }

  /** The bound value, or the problems that kept the answer from becoming one. */
  record Outcome<T>(T value, List<Problem> problems) {}

  static <T> Outcome<T> read(ChatResponse answer, Class<T> type, TypeSchema schema) {
    String text = unfenced(answer.text());
    if (text.isEmpty()) {
      return failed(
          "$", "missing", "the model gave no answer (finish reason " + answer.finishReason() + ")");
    }
    JsonNode node;
    try {
      node = Mapper.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return failed(
          "$",
          "json",
          answer.finishReason() == FinishReason.LENGTH
              ? "the answer was cut off by the output limit before its JSON ended; raise"
                  + " maxOutputTokens"
              : "the answer is not valid JSON" + Mapper.where(e));
    }
    List<Problem> problems = schema.validation().problems(node);
    if (!problems.isEmpty()) return new Outcome<>(null, problems);
    try {
      return new Outcome<>(Mapper.MAPPER.treeToValue(node, type), List.of());
    } catch (JsonMappingException e) {
      return failed(
          Mapper.path(e),
          "binding",
          "cannot be bound to " + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
    } catch (JsonProcessingException | IllegalArgumentException e) {
      return failed(
          "$",
          "binding",
          "cannot be bound to " + type.getSimpleName() + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static <T> Outcome<T> failed(String path, String keyword, String message) {
    return new Outcome<>(null, List.of(new Problem(path, keyword, message)));
  }

  /**
   * The answer without a Markdown code fence around it: models asked for JSON in the prompt often
   * add one, and it is not part of the object.
   */
  static String unfenced(String text) {
    String t = text.strip();
    if (t.startsWith("```")) {
      int firstLine = t.indexOf('\n');
      int end = t.lastIndexOf("```");
      if (firstLine > 0 && end > firstLine) t = t.substring(firstLine + 1, end).strip();
    }
    return t;
  }

  /** A type's schema in both forms, and its validator. */
  record TypeSchema(String name, String strictJson, Validation validation) {
    static TypeSchema of(Class<?> type) {
      ObjectNode schema = Schemas.of(type);
      if (!Schemas.isObject(schema)) {
        throw new IllegalArgumentException(
            type.getName()
                + " maps to a JSON "
                + schema.path("type").asText("value")
                + ", not an object: typed answers need a record or class (wrap a list or enum in"
                + " a record)");
      }
      return new TypeSchema(
          Schemas.nameOf(type), Schemas.strict(schema).toString(), new Validation(schema));
    }
  }
}
