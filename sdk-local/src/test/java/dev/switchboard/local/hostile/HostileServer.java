package dev.switchboard.local.hostile;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A loopback HTTP server that answers every request with status 200, a given head and a body that
 * never ends: it writes until the client closes the connection. Hand-written on {@link
 * ServerSocket} because WireMock buffers a response body whole, so it cannot send one without end.
 */
public final class HostileServer implements AutoCloseable {
  /** What to send: a prefix once, then a repeated chunk forever. */
  public record Answer(String contentType, String prefix, String repeated) {}

  private final ServerSocket socket;
  private final Answer answer;
  private final Thread acceptor;

  public HostileServer(Answer answer) throws IOException {
    this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.answer = answer;
    this.acceptor = new Thread(this::accept, "hostile-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The base URL, such as {@code http://127.0.0.1:41234}. */
  public URI url() {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort());
  }

  private void accept() {
    while (!socket.isClosed()) {
      try {
        Socket s = socket.accept();
        Thread t = new Thread(() -> serve(s), "hostile-connection");
        t.setDaemon(true);
        t.start();
      } catch (IOException closed) {
        return;
      }
    }
  }

  private void serve(Socket s) {
    try (s) {
      skipRequest(s.getInputStream());
      OutputStream out = new BufferedOutputStream(s.getOutputStream(), 64 * 1024);
      out.write(
          ("HTTP/1.1 200 OK\r\nContent-Type: "
                  + answer.contentType()
                  + "\r\nConnection: close\r\n\r\n"
                  + answer.prefix())
              .getBytes(StandardCharsets.UTF_8));
      byte[] chunk = answer.repeated().getBytes(StandardCharsets.UTF_8);
      while (true) out.write(chunk); // until the client hangs up
    } catch (IOException clientGone) {
      // the client closed the connection: the answer ends here
    }
  }

  /** Reads the request head and its Content-Length body. */
  private static void skipRequest(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) break;
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
        length = Long.parseLong(line.substring(15).strip());
    }
    in.skipNBytes(length);
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
