package dev.switchboard.spi;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import java.util.function.Function;

/**
 * Turns chat answers into Java objects: generates the JSON schema of a type, asks for it, validates
 * and binds the answer. The core defines this hook and the {@code switchboard-structured} module
 * implements it; {@code ModelClient.chat(request, type)} finds the implementation through {@link
 * java.util.ServiceLoader} ({@code META-INF/services/dev.switchboard.spi.StructuredOutputSupport}).
 *
 * @since 0.3
 */
public interface StructuredOutputSupport {

  /**
   * Asks for an answer of the given type and returns it bound.
   *
   * @param request the caller's request; its response format is replaced by the type's schema
   * @param type the answer's type: a record or class that maps to a JSON object
   * @param chat sends one request through the client's pipeline as a structured call, whose
   *     attempts are shaped for each target's {@link SchemaMode}; a repair is a second call
   * @return the bound answer
   * @throws dev.switchboard.error.StructuredOutputException if the final answer does not match the
   *     schema
   */
  <T> T chat(ChatRequest request, Class<T> type, Function<ChatRequest, ChatResponse> chat);
}
