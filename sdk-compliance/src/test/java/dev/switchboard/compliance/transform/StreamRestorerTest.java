package dev.switchboard.compliance.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.detect.FindingType;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StreamRestorerTest {
  private final PseudonymVault vault = new PseudonymVault();
  private final String name = vault.tokenFor(FindingType.NAME, "Maria Gonzalez");
  private final String mrn = vault.tokenFor(FindingType.MRN, "00482913");
  private final String answer =
      "Summary for " + name + " (MRN " + mrn + "): " + name + " is stable.";
  private final String expected =
      "Summary for Maria Gonzalez (MRN 00482913): Maria Gonzalez is stable.";

  private static String stream(StreamRestorer restorer, List<String> chunks) {
    StringBuilder out = new StringBuilder();
    for (String chunk : chunks) out.append(restorer.accept(chunk));
    return out.append(restorer.finish()).toString();
  }

  @Test
  void restoresTokensSplitAtEveryPositionAcrossTwoChunks() {
    for (int cut = 0; cut <= answer.length(); cut++) {
      String out =
          stream(vault.streamRestorer(), List.of(answer.substring(0, cut), answer.substring(cut)));
      assertThat(out).as("cut at %d", cut).isEqualTo(expected);
    }
  }

  @Test
  void restoresTokensStreamedOneCharacterAtATime() {
    List<String> chars = answer.chars().mapToObj(c -> String.valueOf((char) c)).toList();
    assertThat(stream(vault.streamRestorer(), chars)).isEqualTo(expected);
  }

  @Test
  void restoresTokensInRandomChunkings() {
    Random random = new Random(42);
    for (int run = 0; run < 200; run++) {
      List<String> chunks = new java.util.ArrayList<>();
      for (int i = 0; i < answer.length(); ) {
        int n = Math.min(answer.length() - i, 1 + random.nextInt(7));
        chunks.add(answer.substring(i, i + n));
        i += n;
      }
      assertThat(stream(vault.streamRestorer(), chunks)).isEqualTo(expected);
    }
  }

  @Test
  void restoresLenientTokensSplitAcrossChunks() {
    String bare = name.substring(1, name.length() - 1);
    String lenient = "Hello [" + bare + "]!";
    for (int cut = 0; cut <= lenient.length(); cut++) {
      String out =
          stream(
              vault.streamRestorer(), List.of(lenient.substring(0, cut), lenient.substring(cut)));
      assertThat(out).as("cut at %d", cut).isEqualTo("Hello Maria Gonzalez!");
    }
  }

  @Test
  void emitsTextWithoutTokenCandidatesImmediatelyAndHoldsBackOnlyAPossibleToken() {
    StreamRestorer restorer = vault.streamRestorer();
    assertThat(restorer.accept("The patient is 12 ")).isEqualTo("The patient is 12 ");
    assertThat(restorer.accept("stable \u27E6NA")).isEqualTo("stable ");
    assertThat(restorer.accept(name.substring(3))).isEqualTo("Maria Gonzalez");
    assertThat(restorer.finish()).isEmpty();
  }

  @Test
  void flagsInventedTokensInAStream() {
    StreamRestorer restorer = vault.streamRestorer();
    String out =
        restorer.accept("Brother \u27E6NAME_")
            + restorer.accept("ZZZZZ\u27E7 visited.")
            + restorer.finish();
    assertThat(out).isEqualTo("Brother \u27E6NAME_ZZZZZ\u27E7 visited.");
    assertThat(vault.stats().unknown()).isEqualTo(1);
  }

  @Test
  void refusesInputAfterFinish() {
    StreamRestorer restorer = vault.streamRestorer();
    restorer.finish();
    assertThatThrownBy(() -> restorer.accept("x")).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(restorer::finish).isInstanceOf(IllegalStateException.class);
  }
}
