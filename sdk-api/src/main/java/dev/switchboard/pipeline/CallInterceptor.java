package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.embedding.EmbeddingResponse;

/**
 * A stage of the call pipeline, in OkHttp's {@code Interceptor.proceed} shape: inspect or change
 * the call, proceed, inspect or wrap the result. Must be thread-safe.
 *
 * <pre>{@code
 * CallInterceptor tagApplication = new CallInterceptor() {
 *   public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
 *     Call call = chain.call();
 *     ChatRequest tagged = call.chatRequest().toBuilder().tag("application", "discharge").build();
 *     return chain.proceed(call.withRequest(tagged));
 *   }
 * };
 * }</pre>
 *
 * <p>Chat results, streamed or not, are event sources: wrap the source to see events as they pass
 * (a non-streamed answer is one {@code Completed} event). To only observe, prefer a {@link
 * CallListener}.
 *
 * @since 0.1
 */
public interface CallInterceptor {

  /** Intercepts a chat call, streamed or not. The default proceeds unchanged. */
  default ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    return chain.proceed(chain.call());
  }

  /** Intercepts an embedding call. The default proceeds unchanged. */
  default EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    return chain.proceed(chain.call());
  }
}
