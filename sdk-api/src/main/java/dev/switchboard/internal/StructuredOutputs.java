package dev.switchboard.internal;

import dev.switchboard.spi.StructuredOutputSupport;
import java.util.Iterator;
import java.util.ServiceLoader;

/** Finds the typed-answer implementation (switchboard-structured) once, on first use. */
public final class StructuredOutputs {
  private static volatile StructuredOutputSupport found;

  private StructuredOutputs() {}

  /**
   * The implementation on the class path.
   *
   * @throws IllegalStateException naming the module to add when there is none
   */
  public static StructuredOutputSupport require() {
    StructuredOutputSupport s = found;
    if (s != null) return s;
    Iterator<StructuredOutputSupport> it =
        ServiceLoader.load(StructuredOutputSupport.class, StructuredOutputs.class.getClassLoader())
            .iterator();
    if (!it.hasNext()) {
      throw new IllegalStateException(
          "typed answers need the dev.switchboard:switchboard-structured module on the class path");
    }
    s = it.next();
    found = s;
    return s;
  }
}
