package dev.switchboard.structured;

import dev.switchboard.ModelClient;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ToolLoopException;
import dev.switchboard.spi.Checks;
import dev.switchboard.structured.internal.ToolMethod;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Runs tools for the model until it answers: sends the request with the tools of the given objects'
 * {@link Tool} methods, calls the methods the model asks for, sends their results back, and
 * repeats. Immutable and thread-safe if the tool methods are.
 *
 * <pre>{@code
 * ToolLoop loop = ToolLoop.builder(client).tools(new Formulary()).maxRounds(5).build();
 * ChatResponse answer = loop.run(ChatRequest.builder().user("Is amoxicillin in stock?").build());
 * }</pre>
 *
 * <p>Each round is a whole call through the client's pipeline, so compliance scans and transforms
 * the tool results (they leave the process like any other message), the audit trail records every
 * round, and every round is priced and charged to budgets; the answer carries the total cost, usage
 * and attempts of all rounds. The loop is bounded by {@link Builder#maxRounds(int)} and by a
 * deadline on the client's clock (the client's call timeout unless {@link
 * Builder#deadline(Duration)} says otherwise), checked before every model call and every tool call;
 * one round in flight is bounded by the call timeout itself. A tool that throws, or is called with
 * invalid arguments, is reported to the model as an error it can react to, unless {@link
 * Builder#throwToolErrors(boolean)} is set.
 *
 * @since 0.3
 */
public final class ToolLoop {
  private final ModelClient client;
  private final Map<String, ToolMethod> tools;
  private final int maxRounds;
  private final Duration deadline;
  private final boolean throwToolErrors;

  private ToolLoop(Builder b) {
    this.client = b.client;
    this.tools = Map.copyOf(b.tools);
    this.maxRounds = b.maxRounds;
    this.deadline = b.deadline == null ? client.timeouts().call() : b.deadline;
    this.throwToolErrors = b.throwToolErrors;
  }

  /** A builder of a loop over the given client. */
  public static Builder builder(ModelClient client) {
    return new Builder(Checks.notNull(client, "client"));
  }

  /** The tools as the model sees them (name, description, parameter schema), by name. */
  public List<dev.switchboard.chat.Tool> tools() {
    return tools.values().stream()
        .map(ToolMethod::tool)
        .sorted((a, b) -> a.name().compareTo(b.name()))
        .toList();
  }

  /**
   * Runs the loop.
   *
   * @param request the conversation so far; it may carry tools of its own, whose calls end the loop
   *     and are returned to the caller
   * @return the model's answer (or its call of one of the request's own tools), with the cost,
   *     usage and attempts of all rounds and the number of tool rounds in metadata {@code
   *     tool-rounds}
   * @throws ToolLoopException when the model still asks for tools after {@code maxRounds} rounds,
   *     or a tool failed and {@code throwToolErrors} is set
   * @throws CallTimeoutException when the deadline passes
   * @throws dev.switchboard.error.SwitchboardException when a round's call fails
   * @throws IllegalArgumentException if a tool of the request has the name of one of the loop's
   */
  public ChatResponse run(ChatRequest request) {
    Checks.notNull(request, "request");
    for (dev.switchboard.chat.Tool own : request.tools()) {
      Checks.check(
          !tools.containsKey(own.name()),
          "request.tools",
          "tool '" + own.name() + "' is also a @Tool method of the loop");
    }
    SwitchboardClock clock = client.clock();
    long end = clock.nanoTime() + deadline.toNanos();
    List<dev.switchboard.chat.Tool> all = new ArrayList<>(request.tools());
    all.addAll(tools());
    ChatRequest next = request.toBuilder().tools(all).build();
    Totals totals = new Totals();
    for (int round = 0; ; round++) {
      checkDeadline(clock, end, round, null);
      ChatResponse answer = client.chat(next);
      totals.add(answer);
      if (answer.toolCalls().isEmpty() || !allOurs(answer.toolCalls(), request)) {
        return totals.on(answer, round);
      }
      if (round == maxRounds) {
        throw new ToolLoopException(
            "the model still asked for tools after "
                + round
                + " rounds (maxRounds "
                + maxRounds
                + "): "
                + answer.toolCalls().stream().map(ToolCall::name).collect(Collectors.joining(", ")),
            round,
            where(answer),
            null);
      }
      ChatRequest.Builder b =
          next.toBuilder()
              .message(
                  new AssistantMessage(
                      answer.text().isEmpty() ? null : answer.text(), answer.toolCalls()));
      for (ToolCall call : answer.toolCalls()) {
        checkDeadline(clock, end, round, answer);
        b.toolResult(call.id(), execute(call, round + 1, answer));
      }
      next = b.build();
    }
  }

  /** True unless a call names one of the request's own tools (the caller runs those). */
  private boolean allOurs(List<ToolCall> calls, ChatRequest request) {
    Set<String> own =
        request.tools().stream().map(dev.switchboard.chat.Tool::name).collect(Collectors.toSet());
    return calls.stream().noneMatch(c -> own.contains(c.name()));
  }

  /** The tool's result for the model, or its failure as an error the model can read. */
  private String execute(ToolCall call, int round, ChatResponse answer) {
    ToolMethod tool = tools.get(call.name());
    if (tool == null) {
      String known = String.join(", ", new java.util.TreeSet<>(tools.keySet()));
      if (throwToolErrors) {
        throw new ToolLoopException(
            "the model called tool '" + call.name() + "', which does not exist; known: " + known,
            round - 1,
            where(answer),
            null);
      }
      return "Error: there is no tool named '" + call.name() + "'; the tools are: " + known;
    }
    try {
      return tool.call(call.arguments());
    } catch (ToolMethod.Failure f) {
      if (throwToolErrors) {
        throw new ToolLoopException(
            "tool '"
                + call.name()
                + "' "
                + (f.ranAndThrew()
                    ? "failed in round "
                        + round
                        + (f.getCause() == null
                            ? ""
                            : " (" + f.getCause().getClass().getSimpleName() + ")")
                    : "was called with invalid arguments in round " + round),
            round - 1,
            where(answer),
            f.getCause());
      }
      return "Error: tool '"
          + call.name()
          + "' "
          + (f.ranAndThrew() ? "failed: " : "")
          + f.getMessage();
    }
  }

  private void checkDeadline(
      SwitchboardClock clock, long end, int rounds, @Nullable ChatResponse last) {
    if (clock.nanoTime() - end >= 0) {
      throw new CallTimeoutException(
          "the tool loop passed its deadline of "
              + deadline
              + " after "
              + rounds
              + (rounds == 1 ? " round" : " rounds"),
          last == null ? ErrorContext.NONE : where(last),
          false,
          null);
    }
  }

  private static ErrorContext where(ChatResponse r) {
    ErrorContext c = ErrorContext.of(r.provider(), r.model());
    return r.requestId().map(c::withRequestId).orElse(c);
  }

  /** What all rounds cost together. */
  private static final class Totals {
    private @Nullable Cost cost;
    private Usage usage = Usage.EMPTY;
    private int attempts;

    void add(ChatResponse r) {
      usage = usage.plus(r.usage());
      attempts += r.attempts();
      if (r.cost().isPresent()) cost = cost == null ? r.cost().get() : cost.plus(r.cost().get());
    }

    ChatResponse on(ChatResponse last, int rounds) {
      ChatResponse.Builder b =
          last.toBuilder()
              .usage(usage)
              .attempts(Math.max(1, attempts))
              .putMetadata("tool-rounds", Integer.toString(rounds));
      if (cost != null) b.cost(cost);
      return b.build();
    }
  }

  /** Builds a {@link ToolLoop}. */
  public static final class Builder {
    private final ModelClient client;
    private final Map<String, ToolMethod> tools = new LinkedHashMap<>();
    private int maxRounds = 8;
    private @Nullable Duration deadline;
    private boolean throwToolErrors;

    private Builder(ModelClient client) {
      this.client = client;
    }

    /**
     * Adds the {@link Tool} methods of each object.
     *
     * @throws IllegalArgumentException if an object has none, a method cannot be a tool, or two
     *     tools share a name
     */
    public Builder tools(Object... targets) {
      for (Object target : targets) {
        Checks.notNull(target, "tools");
        Map<String, ToolMethod> found = ToolMethod.of(target);
        Checks.check(
            !found.isEmpty(),
            "tools",
            target.getClass().getName() + " has no method annotated @Tool");
        for (Map.Entry<String, ToolMethod> e : found.entrySet()) {
          Checks.check(
              tools.putIfAbsent(e.getKey(), e.getValue()) == null,
              "tools",
              "two tools are named '" + e.getKey() + "'");
        }
      }
      return this;
    }

    /**
     * The most tool rounds (the model asks for tools and they run) before the loop gives up with a
     * {@link ToolLoopException}; 8 by default. With {@code n} rounds, the model is called at most
     * {@code n + 1} times.
     */
    public Builder maxRounds(int maxRounds) {
      Checks.check(maxRounds >= 1, "maxRounds", "must be at least 1");
      this.maxRounds = maxRounds;
      return this;
    }

    /**
     * How long the whole loop may take, on the client's clock; the client's call timeout by
     * default.
     */
    public Builder deadline(Duration deadline) {
      Checks.notNull(deadline, "deadline");
      Checks.check(!deadline.isNegative() && !deadline.isZero(), "deadline", "must be positive");
      this.deadline = deadline;
      return this;
    }

    /**
     * Whether a tool that throws (or is called with invalid arguments, or does not exist) ends the
     * loop with a {@link ToolLoopException} whose cause is the tool's exception; by default the
     * model is told of the error and may try again.
     */
    public Builder throwToolErrors(boolean throwToolErrors) {
      this.throwToolErrors = throwToolErrors;
      return this;
    }

    /**
     * Builds the loop.
     *
     * @throws IllegalStateException if no tools were added
     */
    public ToolLoop build() {
      if (tools.isEmpty())
        throw new IllegalStateException("a ToolLoop needs tools: call tools(...)");
      return new ToolLoop(this);
    }
  }
}
