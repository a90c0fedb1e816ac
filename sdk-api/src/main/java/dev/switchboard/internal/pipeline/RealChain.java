package dev.switchboard.internal.pipeline;

import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.DecisionSeal;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The chain handed to interceptor {@code index}; proceeding hands the call to the next one. Once a
 * stage has left a {@link DecisionSeal} in the call's attributes, the chain takes it and keeps it
 * for the rest of the call: every call passed on afterwards is admitted by the seal, and the
 * provider is called only for a target the seal allows. Taking it from the attributes once means a
 * later stage cannot remove or swap it.
 */
final class RealChain<R> implements Chain<R> {
  private final List<CallInterceptor> interceptors;
  private final int index;
  private final Call call;
  private final BiFunction<CallInterceptor, Chain<R>, R> step;
  private final Function<Call, R> terminal;
  private final DecisionSeal seal;

  RealChain(
      List<CallInterceptor> interceptors,
      int index,
      Call call,
      BiFunction<CallInterceptor, Chain<R>, R> step,
      Function<Call, R> terminal) {
    this(interceptors, index, call, step, terminal, null);
  }

  private RealChain(
      List<CallInterceptor> interceptors,
      int index,
      Call call,
      BiFunction<CallInterceptor, Chain<R>, R> step,
      Function<Call, R> terminal,
      DecisionSeal seal) {
    this.seal = seal;
    this.interceptors = interceptors;
    this.index = index;
    this.call = call;
    this.step = step;
    this.terminal = terminal;
  }

  @Override
  public Call call() {
    return call;
  }

  @Override
  public R proceed(Call next) {
    if (next == null) throw new NullPointerException("call == null");
    DecisionSeal s = seal != null ? seal : next.attributes().get(DecisionSeal.KEY).orElse(null);
    if (s != null) s.admit(next);
    if (index >= interceptors.size())
      return terminal.apply(s == null ? next : s.beforeProvider(next));
    RealChain<R> rest = new RealChain<>(interceptors, index + 1, next, step, terminal, s);
    R result = step.apply(interceptors.get(index), rest);
    if (result == null) {
      throw new IllegalStateException(
          "interceptor " + interceptors.get(index).getClass().getName() + " returned null");
    }
    return result;
  }
}
