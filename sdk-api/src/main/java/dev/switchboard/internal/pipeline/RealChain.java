package dev.switchboard.internal.pipeline;

import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The chain handed to interceptor {@code index}; proceeding hands the call to the next one. */
final class RealChain<R> implements Chain<R> {
  private final List<CallInterceptor> interceptors;
  private final int index;
  private final Call call;
  private final BiFunction<CallInterceptor, Chain<R>, R> step;
  private final Function<Call, R> terminal;

  RealChain(
      List<CallInterceptor> interceptors,
      int index,
      Call call,
      BiFunction<CallInterceptor, Chain<R>, R> step,
      Function<Call, R> terminal) {
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
    if (index >= interceptors.size()) return terminal.apply(next);
    RealChain<R> rest = new RealChain<>(interceptors, index + 1, next, step, terminal);
    R result = step.apply(interceptors.get(index), rest);
    if (result == null) {
      throw new IllegalStateException(
          "interceptor " + interceptors.get(index).getClass().getName() + " returned null");
    }
    return result;
  }
}
