package dev.switchboard.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seal compares removed values as whole tokens, not as naive substrings. */
class SealTokenMatchTest {
  @Test
  void aValueCountsOnlyAsAWholeToken() {
    assertThat(Seal.containsToken("call ann at noon", "ann")).isTrue();
    assertThat(Seal.containsToken("ann", "ann")).isTrue();
    assertThat(Seal.containsToken("(ann)", "ann")).isTrue();
    assertThat(Seal.containsToken("the annual review", "ann")).isFalse();
    assertThat(Seal.containsToken("joann and ann", "ann")).isTrue();
    assertThat(Seal.containsToken("mrn 12345678", "1234567")).isFalse();
    assertThat(Seal.containsToken("ssn 123-45-6789.", "123-45-6789")).isTrue();
  }
}
