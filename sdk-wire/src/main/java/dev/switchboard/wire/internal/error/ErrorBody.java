package dev.switchboard.wire.internal.error;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.regex.Pattern;

/**
 * An error body parsed from any of the shapes vendors send (protocols.md §0.4, §1.4, §1.9, §1.11.7,
 * §3, §4, §6): OpenAI {@code {error:{message,type,param,code}}}; Azure with {@code
 * innererror}/{@code inner_error} and content-filter results; Azure.Core {@code
 * {error:{code,message,details,innererror}}}; integer codes (vLLM, llama.cpp); the flat old vLLM
 * body; Anthropic {@code {type:"error",error:{type,message},request_id}}; plain-string {@code
 * {error:"..."}} (Ollama); TGI {@code {error,error_type}}; and non-JSON bodies.
 *
 * <p>{@link #vendorMessage()} is the vendor's own text and may echo request content (vLLM quotes
 * input in validation errors): never put it in an exception message or a log line.
 *
 * @param json true if the body was JSON
 * @param code a short machine code ({@code content_filter}, {@code DeploymentNotFound}, {@code
 *     429}, {@code overloaded_error}), sanitized; null if none
 * @param type the error type, sanitized; null if none
 * @param innerCode the inner error's code (e.g. {@code ResponsibleAIPolicyViolation}), sanitized
 * @param contentFilter the inner content-filter results object, or null
 * @param vendorMessage the vendor's message text, or null; may contain request content
 * @param bodyRequestId a request id from the body (Anthropic's {@code request_id}), or null
 * @param numericStatus an HTTP status carried in the body ({@code code} as integer), or 0
 */
public record ErrorBody(
    boolean json,
    String code,
    String type,
    String innerCode,
    JsonNode contentFilter,
    String vendorMessage,
    String bodyRequestId,
    int numericStatus) {

  private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  static final ErrorBody NOT_JSON = new ErrorBody(false, null, null, null, null, null, null, 0);

  /** Parses a body; never throws. */
  public static ErrorBody parse(byte[] body) {
    JsonNode root = WireJson.parseOrNull(body);
    return root == null || !root.isObject() ? NOT_JSON : of(root);
  }

  /** Reads a parsed error object (a whole body, or a mid-stream error event). */
  public static ErrorBody of(JsonNode root) {
    JsonNode error = root.get("error");
    String requestId = safe(WireJson.text(root, "request_id"));
    if (error != null && error.isObject()) {
      JsonNode inner = first(error, "innererror", "inner_error");
      JsonNode filter =
          inner == null ? null : first(inner, "content_filter_result", "content_filter_results");
      JsonNode codeNode = error.get("code");
      int status =
          codeNode != null && codeNode.isInt() ? codeNode.asInt() : intOr0(error.get("status"));
      String code = safe(codeNode == null || codeNode.isNull() ? null : codeNode.asText());
      String type = safe(WireJson.text(error, "type"));
      return new ErrorBody(
          true,
          code != null ? code : type,
          type,
          safe(WireJson.text(inner, "code")),
          filter,
          WireJson.text(error, "message"),
          requestId,
          status);
    }
    if (error != null && error.isTextual()) {
      // Ollama {error:"..."}; TGI adds error_type
      String type = safe(WireJson.text(root, "error_type"));
      return new ErrorBody(true, type, type, null, null, error.asText(), requestId, 0);
    }
    if (root.has("message")) {
      // the flat old vLLM body {object:"error", message, type, param, code:int}
      JsonNode codeNode = root.get("code");
      int status = codeNode != null && codeNode.isInt() ? codeNode.asInt() : 0;
      String type = safe(WireJson.text(root, "type"));
      String code = safe(codeNode == null || codeNode.isNull() ? null : codeNode.asText());
      return new ErrorBody(
          true,
          code != null ? code : type,
          type,
          null,
          null,
          WireJson.text(root, "message"),
          requestId,
          status);
    }
    return new ErrorBody(true, null, null, null, null, null, requestId, 0);
  }

  /**
   * True if this is a content-filter rejection (Azure's two spellings, or no inner object at all).
   */
  public boolean isContentFilter() {
    return "content_filter".equals(code)
        || "ResponsibleAIPolicyViolation".equals(innerCode)
        || "content_filter".equals(innerCode);
  }

  private static JsonNode first(JsonNode node, String a, String b) {
    JsonNode v = node.get(a);
    if (v == null || !v.isObject()) v = node.get(b);
    return v != null && v.isObject() ? v : null;
  }

  private static int intOr0(JsonNode n) {
    return n != null && n.isInt() ? n.asInt() : 0;
  }

  /** Codes are identifiers; anything else (a sentence, a quoted input) is dropped. */
  static String safe(String s) {
    return s != null && SAFE_CODE.matcher(s).matches() ? s : null;
  }

  @Override
  public String toString() {
    return "ErrorBody[code="
        + code
        + ", type="
        + type
        + ", inner="
        + innerCode
        + ", message="
        + (vendorMessage == null ? 0 : vendorMessage.length())
        + " chars]";
  }
}
