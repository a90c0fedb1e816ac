package dev.switchboard.observability.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.ModelRequest;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.compliance.ComplianceSummary;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.PipelineFeature;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Content capture: the prompt and the answer as the GenAI semantic conventions' {@code
 * gen_ai.input.messages} and {@code gen_ai.output.messages} (JSON), and the rules that keep PHI out
 * of it.
 *
 * <p>Data is marked as PHI, and capture refused at start-up, when the client has a compliance
 * feature (from its config file or added in code) with a policy that {@linkplain
 * dev.switchboard.compliance.policy.CompliancePolicy#classifiesPhi() classifies requests as PHI} or
 * a provider whose compliance profile declares a BAA. Per call, a request whose declared or
 * effective (detection-raised) data class is PHI or LDS is never captured.
 */
public final class ContentCapture {
  private static final JsonFactory JSON = new JsonFactory();

  private ContentCapture() {}

  /**
   * Why content must not be captured for clients of this config: one line per mark, each starting
   * with its config path; empty if nothing marks data as PHI.
   */
  public static List<String> phiMarks(SwitchboardConfig config) {
    return phiMarks(config.features());
  }

  /**
   * Why content must not be captured for a client with these pipeline features, however they were
   * added (config file or builder): one line per mark, each starting with its path; empty if
   * nothing marks data as PHI.
   */
  public static List<String> phiMarks(Map<String, PipelineFeature> features) {
    PipelineFeature compliance = features.get("compliance");
    return compliance == null ? List.of() : CompliancePhiMarks.of(compliance);
  }

  /** True if this call's tags say it carries PHI: its content is never captured. */
  static boolean isPhi(ModelRequest request, ChatResponse response) {
    if (request.compliance().dataClass().isPhi()) return true;
    ComplianceSummary summary = response.compliance().orElse(null);
    if (summary == null) return false;
    String effective = summary.effectiveTags().dataClass();
    String declared = summary.declaredTags().dataClass();
    return isPhiCode(effective) || isPhiCode(declared);
  }

  private static boolean isPhiCode(String code) {
    return DataClass.find(code).map(DataClass::isPhi).orElse(false);
  }

  /** The request's messages as {@code gen_ai.input.messages}. */
  static String inputMessages(ChatRequest request) {
    return write(
        g -> {
          g.writeStartArray();
          for (ChatMessage m : request.messages()) {
            g.writeStartObject();
            g.writeStringField("role", m.role().name().toLowerCase(Locale.ROOT));
            g.writeArrayFieldStart("parts");
            if (m instanceof ToolMessage t) {
              g.writeStartObject();
              g.writeStringField("type", "tool_call_response");
              g.writeStringField("id", t.toolCallId());
              g.writeStringField("response", t.text());
              g.writeEndObject();
            } else {
              String text = m.text();
              if (text != null && !text.isEmpty()) textPart(g, text);
              if (m instanceof AssistantMessage a) toolCalls(g, a.toolCalls());
            }
            g.writeEndArray();
            g.writeEndObject();
          }
          g.writeEndArray();
        });
  }

  /** The answer as {@code gen_ai.output.messages}. */
  static String outputMessages(ChatResponse response) {
    return write(
        g -> {
          g.writeStartArray();
          g.writeStartObject();
          g.writeStringField("role", "assistant");
          g.writeArrayFieldStart("parts");
          if (!response.text().isEmpty()) textPart(g, response.text());
          toolCalls(g, response.toolCalls());
          g.writeEndArray();
          g.writeStringField("finish_reason", SemconvValues.finishReason(response));
          g.writeEndObject();
          g.writeEndArray();
        });
  }

  private static void textPart(JsonGenerator g, String text) throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "text");
    g.writeStringField("content", text);
    g.writeEndObject();
  }

  private static void toolCalls(JsonGenerator g, List<ToolCall> calls) throws IOException {
    for (ToolCall c : calls) {
      g.writeStartObject();
      g.writeStringField("type", "tool_call");
      g.writeStringField("id", c.id());
      g.writeStringField("name", c.name());
      g.writeStringField("arguments", c.arguments());
      g.writeEndObject();
    }
  }

  private interface Writer {
    void write(JsonGenerator g) throws IOException;
  }

  private static String write(Writer w) {
    StringWriter out = new StringWriter();
    try (JsonGenerator g = JSON.createGenerator(out)) {
      w.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }
}
