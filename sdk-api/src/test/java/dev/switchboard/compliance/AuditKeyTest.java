package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class AuditKeyTest {
  private final AuditKey key =
      AuditKey.of("k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  @Test
  void aRangeHashesAsTheSameBytesInAnArrayOfTheirOwn() {
    byte[] buffer = "xx patient note \u00e9 yy".getBytes(StandardCharsets.UTF_8);
    int from = 3;
    int to = buffer.length - 3;
    assertThat(key.hex(buffer, from, to - from))
        .isEqualTo(key.hex(Arrays.copyOfRange(buffer, from, to)));
    assertThat(key.hex(buffer, 0, 0)).isEqualTo(key.hex(new byte[0]));
    // the Mac is reset after each hash: the same range gives the same hash again
    assertThat(key.hex(buffer, from, to - from)).isEqualTo(key.hex(buffer, from, to - from));
  }

  @Test
  void aRangeOutsideTheArrayIsRefused() {
    assertThatThrownBy(() -> key.hex(new byte[4], 2, 3))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
