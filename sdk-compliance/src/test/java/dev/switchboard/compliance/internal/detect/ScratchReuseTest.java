package dev.switchboard.compliance.internal.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.detect.Detection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * The detector lends each thread's arrays to the next detect call on that thread: what one call
 * leaves in them must never change what the next one finds.
 */
class ScratchReuseTest {
  private static final String LONG =
      "Discharge summary. Patient Jane Roe, MRN 00482913, DOB 03/14/1961, admitted 2024-02-11"
          + " with pneumonia. Call 617-555-0142 or (617) 555-0199, email jane.roe@example.org,"
          + " address 12 Elm Street, Springfield, MA 01103. SSN 123-45-6789. Seen by Dr. Alan"
          + " Smith at 10.0.0.12 on March 3, 2024; device S/N AB12345678. Age 92. HIV negative.";
  private static final List<String> TEXTS =
      List.of(
          LONG,
          "Call 617-555-0142",
          "Dr. Smith",
          "MRN",
          "(617) 555",
          "",
          "x",
          LONG + " " + LONG,
          "Jane Roe's chart, DOB 03/14/1961",
          "12 Elm");

  private static List<String> describe(Detection d) {
    List<String> out = new ArrayList<>();
    d.findings()
        .forEach(
            f ->
                out.add(
                    f.type()
                        + "@"
                        + f.start()
                        + "-"
                        + f.end()
                        + ":"
                        + f.confidence()
                        + ":"
                        + f.recognizer()));
    out.add("sensitivity=" + d.raisedSensitivity());
    out.add("hits=" + d.hits());
    return out;
  }

  @Test
  void aCallFindsTheSameOnAReusedThreadAsOnAFreshOne() throws Exception {
    DetectorEngine engine = DetectorEngine.defaults();
    // Reference: each text on a thread of its own, so on fresh arrays.
    List<List<String>> fresh = new ArrayList<>();
    for (String t : TEXTS) {
      ExecutorService one = Executors.newSingleThreadExecutor();
      try {
        Future<List<String>> f = one.submit(() -> describe(engine.detect(t, null)));
        fresh.add(f.get());
      } finally {
        one.shutdownNow();
      }
    }
    // Reused: every text after every other one on this thread, long before short and back.
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < TEXTS.size(); i++) {
        assertThat(describe(engine.detect(TEXTS.get(i), null)))
            .as("text %d, round %d", i, round)
            .isEqualTo(fresh.get(i));
      }
    }
    assertThat(fresh.get(0)).as("the long note has findings").hasSizeGreaterThan(5);
  }

  @Test
  void aDetectCallInsideAnotherGetsArraysOfItsOwn() {
    Scratch outer = Scratch.borrow();
    try {
      Scratch inner = Scratch.borrow();
      assertThat(inner).isNotSameAs(outer);
      // And a detect made meanwhile still finds what it finds on its own.
      assertThat(DetectorEngine.defaults().detect("Call 617-555-0142", null).findings()).hasSize(1);
    } finally {
      giveBackEmpty(outer);
    }
    Scratch again = Scratch.borrow();
    try {
      assertThat(again).as("given back, lent again").isSameAs(outer);
    } finally {
      giveBackEmpty(again);
    }
  }

  private static void giveBackEmpty(Scratch s) {
    Scan empty = new Scan("", Vocabulary.WORDS, new Scratch());
    s.giveBack(empty.tok, empty);
  }

  @Test
  void aHugeTextDoesNotLeaveItsArraysToTheThread() {
    String huge = LONG.repeat(Scratch.KEEP_CHARS / LONG.length() + 2);
    DetectorEngine.defaults().detect(huge, null);
    Scratch s = Scratch.borrow();
    try {
      assertThat(s.chars.length).isLessThanOrEqualTo(Scratch.KEEP_CHARS);
    } finally {
      giveBackEmpty(s);
    }
  }
}
