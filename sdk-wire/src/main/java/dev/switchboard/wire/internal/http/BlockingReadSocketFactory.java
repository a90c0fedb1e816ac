package dev.switchboard.wire.internal.http;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import javax.net.SocketFactory;

/**
 * TCP sockets whose reads in an HTTP/1.1 exchange block in the kernel, bounded by OkHttp's Okio
 * timeout alone.
 *
 * <p>Why: OkHttp applies an exchange's read timeout twice, as Okio's timeout on the connection's
 * source (whose watchdog closes the socket when it fires) and as the socket's own {@code
 * SO_TIMEOUT}. The JDK reads a socket that has {@code SO_TIMEOUT} in non-blocking mode: a read that
 * finds no data yet returns {@code EAGAIN}, {@code poll} waits with a kernel timer, and a second
 * read takes the data. A blocking read is one system call and no timer. At 64 threads on loopback
 * the difference was about 6 % of the calling threads' CPU (docs/performance.md, <i>Fifteenth
 * pass</i>). OkHttp itself runs HTTP/2 connections with {@code SO_TIMEOUT} 0 and Okio's timeouts
 * alone.
 *
 * <p>So a socket from this factory leaves {@code SO_TIMEOUT} at 0 when OkHttp sets a read timeout
 * for an exchange, except:
 *
 * <ul>
 *   <li>a timeout set before the socket connects: OkHttp sets the read timeout there, and it bounds
 *       a TLS handshake, which reads the socket with no Okio timeout around it;
 *   <li>a short timeout, under {@link #SOCKET_ONLY_BELOW_MILLIS}: OkHttp's health probe of an idle
 *       pooled connection reads with a 1 ms {@code SO_TIMEOUT} and relies on that alone.
 * </ul>
 *
 * <p>The JDK keeps a socket that once read with {@code SO_TIMEOUT} in non-blocking mode, so a TLS
 * connection, or one that was probed for health, has the same timeouts and saves only the timer.
 * {@link Socket#getSoTimeout()} answers the timeout last asked for, so that the health probe, which
 * saves and restores it, restores what OkHttp set.
 *
 * <p>Hand-written: neither OkHttp nor the JDK has a switch for this; it is a subclass of {@link
 * Socket} with two methods changed.
 */
final class BlockingReadSocketFactory extends SocketFactory {
  /** Timeouts shorter than this stay on the socket: OkHttp's health probe uses 1 ms. */
  static final int SOCKET_ONLY_BELOW_MILLIS = (int) TimeUnit.SECONDS.toMillis(1);

  @Override
  public Socket createSocket() {
    return new BlockingReadSocket();
  }

  // The connecting forms are SocketFactory's contract; OkHttp uses createSocket() and connects
  // the socket itself, with its connect timeout.

  @Override
  public Socket createSocket(String host, int port) throws IOException {
    return createSocket(InetAddress.getByName(host), port);
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort)
      throws IOException {
    return createSocket(InetAddress.getByName(host), port, localHost, localPort);
  }

  @Override
  public Socket createSocket(InetAddress host, int port) throws IOException {
    return connected(new InetSocketAddress(host, port), null);
  }

  @Override
  public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
      throws IOException {
    return connected(
        new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
  }

  private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
    Socket socket = createSocket();
    try {
      if (local != null) socket.bind(local);
      socket.connect(remote);
      return socket;
    } catch (IOException e) {
      socket.close();
      throw e;
    }
  }

  /** A socket that keeps long read timeouts off itself once connected; see the class comment. */
  static final class BlockingReadSocket extends Socket {
    private int asked;

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
      // the JDK's own check and message for a negative timeout
      super.setSoTimeout(timeout < SOCKET_ONLY_BELOW_MILLIS || !isConnected() ? timeout : 0);
      asked = timeout;
    }

    /** The timeout last asked for, not necessarily the one the socket reads with. */
    @Override
    public synchronized int getSoTimeout() throws SocketException {
      super.getSoTimeout(); // the JDK's failure for a closed socket
      return asked;
    }

    /** The timeout the socket reads with (0: blocking reads). */
    synchronized int appliedSoTimeout() throws SocketException {
      return super.getSoTimeout();
    }
  }
}
