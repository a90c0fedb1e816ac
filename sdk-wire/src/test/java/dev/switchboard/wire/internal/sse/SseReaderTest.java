package dev.switchboard.wire.internal.sse;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import okio.Buffer;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static SseReader reader(String body) {
    return new SseReader(new Buffer().writeUtf8(body));
  }

  @Test
  void readsDataEventsSeparatedByBlankLines() throws IOException {
    SseReader r = reader("data: {\"a\":1}\n\ndata: [DONE]\n\n");
    assertThat(r.next().data()).isEqualTo("{\"a\":1}");
    SseEvent done = r.next();
    assertThat(done.isDone()).isTrue();
    assertThat(r.next()).isNull();
  }

  @Test
  void handlesCrlfCommentsAndEventNames() throws IOException {
    SseReader r =
        reader(": keep-alive\r\n\r\nevent: message_start\r\ndata: {\"x\":true}\r\n\r\n:ping\r\n");
    SseEvent e = r.next();
    assertThat(e.event()).isEqualTo("message_start");
    assertThat(e.data()).isEqualTo("{\"x\":true}");
    assertThat(r.next()).isNull();
  }

  @Test
  void joinsMultiLineDataWithNewlines() throws IOException {
    SseReader r = reader("data: {\"a\":\ndata: 1}\n\n");
    assertThat(r.next().data()).isEqualTo("{\"a\":\n1}");
  }

  @Test
  void dispatchesALastEventWithoutTrailingBlankLine() throws IOException {
    SseReader r = reader("data: first\n\ndata: [DONE]");
    assertThat(r.next().data()).isEqualTo("first");
    assertThat(r.next().isDone()).isTrue();
    assertThat(r.next()).isNull();
  }

  @Test
  void surfacesLlamaCppErrorFieldAsErrorEvent() throws IOException {
    SseReader r = reader("data: {\"ok\":1}\n\nerror: {\"code\":500,\"message\":\"boom\"}\n\n");
    assertThat(r.next().error()).isFalse();
    SseEvent e = r.next();
    assertThat(e.error()).isTrue();
    assertThat(e.isDone()).isFalse();
    assertThat(e.data()).contains("\"code\":500");
  }

  @Test
  void acceptsDataWithoutSpaceAfterColonAndIgnoresIdAndRetry() throws IOException {
    SseReader r = reader("id: 7\nretry: 100\ndata:{\"n\":2}\n\n");
    assertThat(r.next().data()).isEqualTo("{\"n\":2}");
  }

  @Test
  void eventWithoutDataIsNotDispatched() throws IOException {
    SseReader r = reader("event: ping\n\ndata: x\n\n");
    SseEvent e = r.next();
    assertThat(e.event()).isNull();
    assertThat(e.data()).isEqualTo("x");
  }
}
