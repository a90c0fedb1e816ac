package dev.switchboard.pipeline;

/**
 * The rest of the pipeline, as seen by one interceptor.
 *
 * @param <R> what the call returns: a {@link dev.switchboard.chat.ChatEventSource} for chat, an
 *     {@link dev.switchboard.embedding.EmbeddingResponse} for embeddings
 * @since 0.1
 */
public interface Chain<R> {

  /** The call as it reached this interceptor. */
  Call call();

  /**
   * Passes the call (possibly changed, see the {@code with} methods of {@link Call}) to the next
   * stage and returns its result. Stages before routing call this once; routing may call it once
   * per attempt.
   */
  R proceed(Call call);
}
