package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class RecordBufferTest {
  @Test
  void encodesExactlyAsStringGetBytesDoes() {
    // ASCII, 2- and 3-byte characters, a surrogate pair, and unpaired surrogates (each one '?')
    for (String text :
        new String[] {
          "plain ascii",
          "Zoë Müller",
          "診療録 – note",
          "emoji \uD83D\uDE00 end",
          "lone \uD83D x",
          "trailing \uDE00",
          "ends high \uD83D"
        }) {
      byte[] out = new byte[text.length() * 3];
      int n = RecordBuffer.encode(text, 0, text.length(), out, 0);
      assertThat(Arrays.copyOf(out, n)).as(text).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  @Test
  void aThreadReusesItsBufferOnceItIsGivenBack() {
    RecordBuffer first = RecordBuffer.borrow();
    first.giveBack();
    RecordBuffer again = RecordBuffer.borrow();
    try {
      assertThat(again).isSameAs(first);
      assertThat(again.length()).isZero();
    } finally {
      again.giveBack();
    }
  }

  @Test
  void aSecondRecordOnTheSameThreadGetsABufferOfItsOwn() {
    RecordBuffer mine = RecordBuffer.borrow();
    try {
      mine.appendUtf8("first record", 0, 12);
      RecordBuffer second = RecordBuffer.borrow();
      second.appendUtf8("second", 0, 6);
      assertThat(second).isNotSameAs(mine);
      assertThat(second.bytes()).isNotSameAs(mine.bytes());
      assertThat(new String(mine.bytes(), 0, mine.length())).isEqualTo("first record");
      second.giveBack(); // used once: giving it back does not make it this thread's
      assertThat(RecordBuffer.borrow()).isNotSameAs(second);
    } finally {
      mine.giveBack();
    }
  }

  @Test
  void onlyItsOwnThreadCanGiveABufferBack() throws Exception {
    RecordBuffer mine = RecordBuffer.borrow();
    try {
      Thread other = new Thread(mine::giveBack);
      other.start();
      other.join();
      assertThat(RecordBuffer.borrow()).isNotSameAs(mine); // still lent: not handed out twice
    } finally {
      mine.giveBack();
    }
    assertThat(RecordBuffer.borrow()).isSameAs(mine);
    mine.giveBack();
  }

  @Test
  void threadsNeverShareABuffer() throws Exception {
    RecordBuffer mine = RecordBuffer.borrow();
    mine.giveBack();
    AtomicReference<RecordBuffer> theirs = new AtomicReference<>();
    Thread other =
        new Thread(
            () -> {
              RecordBuffer b = RecordBuffer.borrow();
              theirs.set(b);
              b.giveBack();
            });
    other.start();
    other.join();
    assertThat(theirs.get()).isNotSameAs(mine);
  }

  @Test
  void aHugeRecordsArrayIsNotKept() {
    RecordBuffer mine = RecordBuffer.borrow();
    String big = "x".repeat(100_000);
    mine.appendUtf8(big, 0, big.length());
    assertThat(mine.bytes().length).isGreaterThanOrEqualTo(100_000);
    mine.giveBack();
    RecordBuffer again = RecordBuffer.borrow();
    try {
      assertThat(again).isSameAs(mine);
      assertThat(again.bytes().length).isLessThan(100_000);
    } finally {
      again.giveBack();
    }
  }
}
