package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoMillisTest {
  private static String written(long millis) {
    StringBuilder sb = new StringBuilder("x");
    IsoMillis.append(millis, sb);
    return sb.substring(1);
  }

  @Test
  void writesWhatInstantToStringWrites() {
    List<Long> samples =
        new ArrayList<>(
            List.of(
                0L,
                1L,
                999L,
                1000L,
                -1L,
                86_399_999L,
                951_782_400_000L, // 2000-02-29
                1_764_960_000_123L,
                1_764_960_000_120L,
                1_764_960_000_100L,
                4_102_444_800_000L, // 2100-03-01 (not a leap year)
                253_402_300_799_999L, // 9999-12-31T23:59:59.999Z, the last with four digits
                253_402_300_800_000L, // +10000-01-01
                -62_167_219_200_000L, // 0000-01-01
                -62_167_219_200_001L)); // -0001-12-31
    Random random = new Random(7);
    for (int i = 0; i < 20_000; i++) samples.add(random.nextLong() % 300_000_000_000_000L);
    for (int i = 0; i < 20_000; i++) samples.add(1_600_000_000_000L + random.nextInt(1 << 30));
    for (long m : samples) {
      String expected = Instant.ofEpochMilli(m).toString();
      assertThat(written(m)).as("%d", m).isEqualTo(expected);
      assertThat(IsoMillis.format(m)).as("%d", m).isEqualTo(expected);
    }
  }
}
