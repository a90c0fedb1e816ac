package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.usage.Usage;

/**
 * The answer of the attempt that served, from its first event on. Past this point nothing is
 * retried: a failure becomes a {@link StreamInterruptedException} that says how much had been
 * received. Holds the attempt's {@link Permit} until the answer completes, fails or is closed, so
 * an open stream keeps its bulkhead slot, and the breaker learns how the stream ended. Stamps the
 * attempt count on the completed response. Single-consumer, like any source.
 */
final class ServedStream implements ChatEventSource {
  private final ChatEventSource source;
  private final Permit permit;
  private final int attempts;
  private final Target target;
  private ChatEvent head;
  private boolean ended;
  private long chars;
  private int textParts;
  private int toolFragments;
  private Usage usage;

  ServedStream(
      ChatEvent first, ChatEventSource source, Permit permit, int attempts, Target target) {
    this.head = first;
    this.source = source;
    this.permit = permit;
    this.attempts = attempts;
    this.target = target;
  }

  @Override
  public ChatEvent next() {
    ChatEvent e = head;
    if (e != null) {
      head = null;
    } else {
      if (ended) return source.next();
      try {
        e = source.next();
      } catch (RuntimeException failure) {
        throw interrupted(failure);
      }
      if (e == null) {
        throw interrupted(
            new DecodingException(
                "the answer ended without completing",
                ErrorContext.of(target.provider(), target.model())));
      }
    }
    return observe(e);
  }

  private ChatEvent observe(ChatEvent e) {
    if (e instanceof ChatEvent.TextDelta d) {
      chars += d.text().length();
      textParts++;
    } else if (e instanceof ChatEvent.ToolCallDelta) {
      toolFragments++;
    } else if (e instanceof ChatEvent.UsageUpdate u) {
      usage = u.usage();
    } else if (e instanceof ChatEvent.Completed c) {
      ended = true;
      permit.succeeded(c.response().usage());
      if (c.response().attempts() == attempts) return c;
      return new ChatEvent.Completed(c.response().toBuilder().attempts(attempts).build());
    }
    return e;
  }

  private StreamInterruptedException interrupted(RuntimeException failure) {
    ended = true;
    permit.failed(failure);
    source.close();
    ErrorContext where =
        failure instanceof SwitchboardException s && s.context().provider() != null
            ? s.context()
            : ErrorContext.of(target.provider(), target.model());
    return new StreamInterruptedException(where, chars, textParts, toolFragments, usage, failure);
  }

  @Override
  public void close() {
    if (!ended) {
      ended = true;
      // The caller stopped reading a stream that was working: a success for the breaker.
      permit.succeeded(usage);
    }
    source.close();
  }
}
