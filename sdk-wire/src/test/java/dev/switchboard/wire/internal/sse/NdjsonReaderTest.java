package dev.switchboard.wire.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class NdjsonReaderTest {

  @Test
  void readsOneDocumentPerLineSkippingBlankLinesAndCr() throws IOException {
    NdjsonReader r = new NdjsonReader(new Buffer().writeUtf8("{\"a\":1}\r\n\n  \n{\"done\":true}"));
    assertThat(r.next()).isEqualTo("{\"a\":1}");
    assertThat(r.next()).isEqualTo("{\"done\":true}");
    assertThat(r.next()).isNull();
  }
}
