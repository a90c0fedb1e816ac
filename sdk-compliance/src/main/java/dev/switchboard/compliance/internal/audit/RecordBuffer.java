package dev.switchboard.compliance.internal.audit;

/**
 * The UTF-8 bytes of one prepared audit record, in an array its thread reuses for its next record.
 *
 * <p>A record is prepared on its caller's thread and read (hashed, copied into the batch) by
 * whichever thread leads its batch, while the caller waits. Each caller has at most one record in
 * flight, so one array per thread suffices: the record borrows it, and its caller gives it back
 * once the append returned (the bytes are written by then, and hashed). A thread that borrows again
 * before giving back (a leader preparing the repair alert beside its own record) gets an array of
 * its own, as does a record nobody gives back (an append that ended in an error): that costs an
 * allocation, never a shared array.
 *
 * <p>Records hold codes, ids, counts and keyed hashes, never prompt or answer text, so the bytes
 * left in an array between records disclose nothing the audit file does not; the array is only
 * bounded (a huge record's array is not kept).
 */
final class RecordBuffer {
  private static final int INITIAL = 2048;
  private static final int KEPT_AT_MOST = 64 * 1024;

  private static final ThreadLocal<RecordBuffer> PER_THREAD =
      ThreadLocal.withInitial(() -> new RecordBuffer(Thread.currentThread()));

  /** The thread that lends this buffer out again; null for a buffer used once. */
  private final Thread owner;

  private byte[] bytes;
  private int length;
  private boolean lent;

  private RecordBuffer(Thread owner) {
    this.owner = owner;
    this.bytes = new byte[INITIAL];
  }

  /** This thread's buffer if it is free, else one used once. */
  static RecordBuffer borrow() {
    RecordBuffer mine = PER_THREAD.get();
    if (mine.lent) return unpooled();
    mine.lent = true;
    mine.length = 0;
    return mine;
  }

  /** A buffer of its own, for a record that outlives its thread's next one. */
  static RecordBuffer unpooled() {
    return new RecordBuffer(null);
  }

  /**
   * Gives the buffer back for its thread's next record; only its own thread can (anywhere else this
   * does nothing and the buffer is simply not reused). The record must not be read after.
   */
  void giveBack() {
    if (owner == null || Thread.currentThread() != owner || !lent) return;
    lent = false;
    length = 0;
    if (bytes.length > KEPT_AT_MOST) bytes = new byte[INITIAL];
  }

  /** The array holding the bytes, valid until the buffer is given back. */
  byte[] bytes() {
    return bytes;
  }

  /** How many bytes were written. */
  int length() {
    return length;
  }

  /**
   * Appends {@code s[from, to)} as UTF-8, exactly as {@code String.getBytes(UTF_8)} encodes it (an
   * unpaired surrogate becomes {@code ?}).
   */
  void appendUtf8(CharSequence s, int from, int to) {
    ensure(length + 3 * (to - from)); // at most 3 bytes per char (a pair is 4 bytes for 2)
    length = encode(s, from, to, bytes, length);
  }

  /**
   * Writes {@code s[from, to)} as UTF-8 into {@code out} at {@code o}, exactly as {@code
   * String.getBytes(UTF_8)} encodes it (an unpaired surrogate becomes {@code ?}); returns the index
   * after the last byte written. {@code out} must have room.
   */
  // Hand-written: the JDK's encoders need a CharBuffer and a ByteBuffer view per call (or a
  // String.getBytes copy), the garbage this class exists to avoid. RecordBufferTest pins the
  // output to String.getBytes(UTF_8).
  static int encode(CharSequence s, int from, int to, byte[] out, int o) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        out[o++] = (byte) c;
      } else if (c < 0x800) {
        out[o++] = (byte) (0xC0 | (c >> 6));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < to
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        int cp = Character.toCodePoint(c, s.charAt(++i));
        out[o++] = (byte) (0xF0 | (cp >> 18));
        out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
        out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (cp & 0x3F));
      } else if (Character.isSurrogate(c)) {
        out[o++] = '?';
      } else {
        out[o++] = (byte) (0xE0 | (c >> 12));
        out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
        out[o++] = (byte) (0x80 | (c & 0x3F));
      }
    }
    return o;
  }

  private void ensure(int capacity) {
    if (capacity > bytes.length) {
      byte[] bigger = new byte[Math.max(capacity, bytes.length * 2)];
      System.arraycopy(bytes, 0, bigger, 0, length);
      bytes = bigger;
    }
  }
}
