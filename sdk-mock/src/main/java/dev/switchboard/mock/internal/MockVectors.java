package dev.switchboard.mock.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.SplittableRandom;

/**
 * Deterministic embedding vectors: the same text always gives the same unit-length vector, and
 * different texts give (almost surely) different ones.
 */
public final class MockVectors {
  private MockVectors() {}

  public static float[] embed(String text, int dimensions) {
    SplittableRandom random = new SplittableRandom(seed(text));
    float[] v = new float[dimensions];
    double norm = 0;
    for (int i = 0; i < dimensions; i++) {
      double x = random.nextDouble() * 2 - 1;
      v[i] = (float) x;
      norm += x * x;
    }
    float scale = (float) (1 / Math.sqrt(norm));
    for (int i = 0; i < dimensions; i++) v[i] *= scale;
    return v;
  }

  private static long seed(String text) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      long s = 0;
      for (int i = 0; i < 8; i++) s = (s << 8) | (d[i] & 0xff);
      return s;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every JDK", e);
    }
  }
}
