package dev.switchboard.embedding;

import dev.switchboard.spi.Checks;
import java.util.Arrays;

/**
 * One embedding vector. The array is copied in and out, so the value stays immutable.
 *
 * @since 0.1
 */
public final class Embedding {
  private final int index;
  private final float[] vector;

  /**
   * @param index the position of the input this vector embeds
   * @param vector the vector; copied
   */
  public Embedding(int index, float[] vector) {
    Checks.check(index >= 0, "Embedding.index", "must not be negative");
    Checks.notNull(vector, "Embedding.vector");
    this.index = index;
    this.vector = vector.clone();
  }

  /** The position of the input this vector embeds. */
  public int index() {
    return index;
  }

  /** A copy of the vector. */
  public float[] vector() {
    return vector.clone();
  }

  /** The number of dimensions. */
  public int dimensions() {
    return vector.length;
  }

  /** One component, without copying the vector. */
  public float get(int i) {
    return vector[i];
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Embedding e && e.index == index && Arrays.equals(e.vector, vector);
  }

  @Override
  public int hashCode() {
    return 31 * index + Arrays.hashCode(vector);
  }

  @Override
  public String toString() {
    return "Embedding[index=" + index + ", dimensions=" + vector.length + "]";
  }
}
