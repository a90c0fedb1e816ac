package dev.switchboard.internal.pipeline;

import dev.switchboard.Target;
import dev.switchboard.pipeline.AttributeKey;

/** Call attributes the built-in stages share. */
public final class Attributes {
  /** The target that served the call. */
  public static final AttributeKey<Target> SERVED_BY = AttributeKey.of("servedBy", Target.class);

  /** Attempts made so far. */
  public static final AttributeKey<Integer> ATTEMPTS = AttributeKey.of("attempts", Integer.class);

  private Attributes() {}
}
