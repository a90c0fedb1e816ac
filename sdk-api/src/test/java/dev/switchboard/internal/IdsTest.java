package dev.switchboard.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {
  @Test
  void formatsTheLongsAsAVersion4Variant2UuidInLowerCaseHex() {
    Random random = new Random(12);
    for (int i = 0; i < 1000; i++) {
      long hi = random.nextLong();
      long lo = random.nextLong();
      String id = Ids.format(hi, lo);
      assertThat(id).matches("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
      UUID parsed = UUID.fromString(id);
      assertThat(parsed.getMostSignificantBits()).isEqualTo((hi & ~0xF000L) | 0x4000L);
      assertThat(parsed.getLeastSignificantBits())
          .isEqualTo((lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }
    assertThat(Ids.format(0, 0)).isEqualTo("00000000-0000-4000-8000-000000000000");
  }
}
