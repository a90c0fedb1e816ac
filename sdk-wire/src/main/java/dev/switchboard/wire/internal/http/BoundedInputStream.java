package dev.switchboard.wire.internal.http;

import dev.switchboard.spi.ResponseLimits;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A body stream that fails once more than a given number of bytes has been read. Hand-written
 * because the libraries' bounded streams (Guava's {@code ByteStreams.limit}, commons-io's {@code
 * BoundedInputStream}) end the stream quietly at the bound, which would turn a hostile body into a
 * truncated one instead of an error. Not thread-safe.
 */
final class BoundedInputStream extends FilterInputStream {
  private final long max;
  private long read;

  BoundedInputStream(InputStream in, long max) {
    super(in);
    this.max = max;
  }

  @Override
  public int read() throws IOException {
    int b = super.read();
    if (b >= 0) count(1);
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    // never ask for more than one byte past the limit, so the heap holds no more than that
    long room = max - read;
    int n = super.read(buf, off, room >= len ? len : (int) room + 1);
    if (n > 0) count(n);
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long room = max - read;
    long s = super.skip(room >= n ? n : room + 1);
    if (s > 0) count(s);
    return s;
  }

  private void count(long n) throws LimitExceeded {
    read += n;
    if (read > max) throw new LimitExceeded(ResponseLimits.MAX_RESPONSE_BYTES, max);
  }
}
