package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/**
 * The byte format the packed stores share ({@link PackedGroup}, {@link PackedInteraction}): varints,
 * zig-zag numbers, strings (UTF-8, or UTF-16 where a string holds half of a surrogate pair), instants
 * as nanoseconds relative to a base, and channels as one-byte codes.
 */
final class PackedBytes {
  /** Built-in channels and their one-byte codes (index + 1); code 0 means the name follows. */
  private static final List<ChannelId> CHANNELS = List.of(ChannelId.TELEGRAM, ChannelId.MASTODON,
      ChannelId.MESSENGER, ChannelId.FACEBOOK, ChannelId.X, ChannelId.EMAIL, ChannelId.IN_MEMORY);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private PackedBytes() {}

  /** A growable byte buffer. */
  static final class Out {
    /** The size a new scratch buffer starts at. */
    static final int INITIAL = 256;
    /** A scratch buffer grown past this by a large row is dropped when cleared. */
    private static final int MAX_KEPT = 64 * 1024;
    byte[] buf;
    int size;
    Instant base = Instant.EPOCH;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    /**
     * Empties the buffer for the next row; a writer keeps one buffer and encodes every row into it
     * under its lock, so encoding allocates only the row's exact copy ({@link #toArray}).
     *
     * @return this buffer
     */
    Out clear() {
      size = 0;
      base = Instant.EPOCH;
      if (buf.length > MAX_KEPT) {
        buf = new byte[INITIAL];
      }
      return this;
    }

    private void ensure(int more) {
      if (size + more > buf.length) {
        buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
      }
    }

    void u8(int v) {
      ensure(1);
      buf[size++] = (byte) v;
    }

    void varint(long v) {
      ensure(10);
      long rest = v;
      while ((rest & ~0x7FL) != 0) {
        buf[size++] = (byte) ((rest & 0x7F) | 0x80);
        rest >>>= 7;
      }
      buf[size++] = (byte) rest;
    }

    void zigzag(long v) {
      varint((v << 1) ^ (v >> 63));
    }

    void fixed64(long v) {
      ensure(8);
      for (int i = 7; i >= 0; i--) {
        buf[size++] = (byte) (v >>> (8 * i));
      }
    }

    void bytes(byte[] b, int from, int length) {
      ensure(length);
      System.arraycopy(b, from, buf, size, length);
      size += length;
    }

    /**
     * Writes a string: a varint of its byte length times two, plus one for UTF-16, then the bytes.
     * UTF-8 unless the string holds a surrogate without its partner, which UTF-8 cannot carry. The
     * bytes go straight into the buffer, without an intermediate array.
     */
    void string(String s) {
      int length = s.length();
      int utf8 = utf8Length(s);
      if (utf8 < 0) {
        // char by char: UTF-8 would replace the lone surrogate
        varint((long) length << 2 | 1);
        ensure(2 * length);
        for (int i = 0; i < length; i++) {
          char ch = s.charAt(i);
          buf[size++] = (byte) (ch >>> 8);
          buf[size++] = (byte) ch;
        }
        return;
      }
      varint((long) utf8 << 1);
      ensure(utf8);
      byte[] b = buf;
      int at = size;
      for (int i = 0; i < length; i++) {
        char ch = s.charAt(i);
        if (ch < 0x80) {
          b[at++] = (byte) ch;
        } else if (ch < 0x800) {
          b[at++] = (byte) (0xC0 | ch >>> 6);
          b[at++] = (byte) (0x80 | ch & 0x3F);
        } else if (Character.isHighSurrogate(ch)) {
          int cp = Character.toCodePoint(ch, s.charAt(++i)); // paired: utf8Length checked it
          b[at++] = (byte) (0xF0 | cp >>> 18);
          b[at++] = (byte) (0x80 | cp >>> 12 & 0x3F);
          b[at++] = (byte) (0x80 | cp >>> 6 & 0x3F);
          b[at++] = (byte) (0x80 | cp & 0x3F);
        } else {
          b[at++] = (byte) (0xE0 | ch >>> 12);
          b[at++] = (byte) (0x80 | ch >>> 6 & 0x3F);
          b[at++] = (byte) (0x80 | ch & 0x3F);
        }
      }
      size = at;
    }

    /** The UTF-8 length of a string, or -1 if it holds a surrogate without its partner. */
    private static int utf8Length(String s) {
      int length = s.length();
      long bytes = length;
      for (int i = 0; i < length; i++) {
        char ch = s.charAt(i);
        if (ch < 0x80) {
          continue;
        }
        if (ch < 0x800) {
          bytes += 1;
        } else if (Character.isHighSurrogate(ch) && i + 1 < length && Character.isLowSurrogate(s.charAt(i + 1))) {
          bytes += 2; // four bytes for two chars
          i++;
        } else if (Character.isSurrogate(ch)) {
          return -1;
        } else {
          bytes += 2;
        }
      }
      return Math.toIntExact(bytes);
    }

    void instant(Instant t) {
      long nanos;
      try {
        nanos = Math.addExact(Math.multiplyExact(t.getEpochSecond() - base.getEpochSecond(), 1_000_000_000L),
            t.getNano() - base.getNano());
      } catch (ArithmeticException tooFar) {
        u8(1);
        zigzag(t.getEpochSecond());
        varint(t.getNano());
        return;
      }
      if (nanos == Long.MIN_VALUE || Math.abs(nanos) > Long.MAX_VALUE >> 2) {
        u8(1);
        zigzag(t.getEpochSecond());
        varint(t.getNano());
      } else {
        varint(((nanos << 1) ^ (nanos >> 63)) << 1);
      }
    }

    /** A built-in channel as its one-byte code, another as 0 and its name. */
    void channel(ChannelId channel) {
      int code = CHANNELS.indexOf(channel);
      if (code >= 0) {
        u8(code + 1);
      } else {
        u8(0);
        string(channel.name());
      }
    }

    /** The bytes written, as an array of their own; the buffer is {@linkplain #wipe wiped}. */
    byte[] toArray() {
      byte[] row = Arrays.copyOf(buf, size);
      wipe();
      return row;
    }

    /**
     * Zeroes the bytes written and empties the buffer, so that a store's scratch buffer keeps no copy
     * of the last row it wrote: that row may be a message or a contact erased since.
     */
    void wipe() {
      Arrays.fill(buf, 0, size, (byte) 0);
      size = 0;
    }
  }

  /** A cursor over packed bytes. */
  static final class In {
    final byte[] buf;
    int at;
    Instant base = Instant.EPOCH;

    In(byte[] buf) {
      this.buf = buf;
    }

    void readBase() {
      long seconds = zigzag();
      base = Instant.ofEpochSecond(seconds, varint());
    }

    /** Moves past a base written by the encoder without reading it into an instant. */
    void skipBase() {
      varint();
      varint();
    }

    int u8() {
      return buf[at++] & 0xFF;
    }

    long varint() {
      long v = 0;
      int shift = 0;
      while (true) {
        byte b = buf[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
        shift += 7;
      }
    }

    int varint32() {
      return Math.toIntExact(varint());
    }

    long zigzag() {
      long v = varint();
      return (v >>> 1) ^ -(v & 1);
    }

    void skipString() {
      int length = varint32() >>> 1;
      at += length;
    }

    String string() {
      int header = varint32();
      int length = checked(header >>> 1);
      String s = text(header, at, length);
      at += length;
      return s;
    }

    /**
     * A length read from the bytes, if that many follow; a reader of rows that may change under it
     * (see {@link RowSlab}) must not allocate for a length that is not there.
     */
    private int checked(int length) {
      if (length > buf.length - at) {
        throw new IndexOutOfBoundsException("a string of " + length + " bytes at " + at + " of " + buf.length);
      }
      return length;
    }

    private String utf16(int from, int length) {
      char[] chars = new char[length / 2];
      for (int i = 0; i < chars.length; i++) {
        chars[i] = (char) ((buf[from + 2 * i] & 0xFF) << 8 | buf[from + 2 * i + 1] & 0xFF);
      }
      return new String(chars);
    }

    /** Whether the string at the cursor equals {@code s}; moves past it. */
    boolean stringEquals(String s) {
      int header = varint32();
      int length = checked(header >>> 1);
      int start = at;
      at += length;
      if ((header & 1) != 0) {
        return utf16(start, length).equals(s);
      }
      if (length == s.length()) {
        // ASCII fast path: one byte per char
        boolean ascii = true;
        for (int i = 0; i < length; i++) {
          byte b = buf[start + i];
          if (b < 0) {
            ascii = false;
            break;
          }
          if (b != s.charAt(i)) {
            return false;
          }
        }
        if (ascii) {
          return true;
        }
      } else if (length < s.length()) {
        return false; // UTF-8 never takes fewer bytes than chars
      }
      return new String(buf, start, length, StandardCharsets.UTF_8).equals(s);
    }

    /**
     * Whether the strings at this cursor and at {@code other}'s are equal, compared as bytes (a string
     * has one encoding); moves both past them.
     */
    boolean sameString(In other) {
      int from = at;
      skipString();
      int otherFrom = other.at;
      other.skipString();
      return Arrays.equals(buf, from, at, other.buf, otherFrom, other.at);
    }

    /**
     * Compares the strings at this cursor and at {@code other}'s as {@link String#compareTo} would, by
     * sign; moves both past them. ASCII text is compared as bytes, without building the strings.
     */
    int compareString(In other) {
      int header = varint32();
      int length = checked(header >>> 1);
      int from = at;
      at += length;
      int otherHeader = other.varint32();
      int otherLength = other.checked(otherHeader >>> 1);
      int otherFrom = other.at;
      other.at += otherLength;
      if ((header & 1) == 0 && (otherHeader & 1) == 0) {
        int common = Math.min(length, otherLength);
        int i = 0;
        while (i < common && buf[from + i] >= 0 && other.buf[otherFrom + i] >= 0) {
          if (buf[from + i] != other.buf[otherFrom + i]) {
            return buf[from + i] - other.buf[otherFrom + i];
          }
          i++;
        }
        if (i == common) {
          // one is the other's start, in ASCII: the longer is the greater
          return Integer.compare(length, otherLength);
        }
      }
      return StorableText.compareByCodePoint(text(header, from, length),
          other.text(otherHeader, otherFrom, otherLength));
    }

    private String text(int header, int from, int length) {
      return (header & 1) != 0 ? utf16(from, length) : new String(buf, from, length, StandardCharsets.UTF_8);
    }

    ChannelId channel() {
      int code = u8();
      return code > 0 ? CHANNELS.get(code - 1) : new ChannelId(string());
    }

    void skipChannel() {
      if (u8() == 0) {
        skipString();
      }
    }

    /** Whether the channel at the cursor is {@code channel}; moves past it. */
    boolean channelEquals(ChannelId channel) {
      int code = u8();
      if (code > 0) {
        return CHANNELS.get(code - 1).equals(channel);
      }
      return stringEquals(channel.name());
    }

    Instant instant() {
      long v = varint();
      if (v == 1) {
        long seconds = zigzag();
        return Instant.ofEpochSecond(seconds, varint());
      }
      long z = v >>> 1;
      return base.plusNanos((z >>> 1) ^ -(z & 1));
    }

    /**
     * Compares the instant at the cursor with the one of {@code seconds} and {@code nanos}, as {@link
     * Instant#compareTo} would, without building it; moves past it.
     */
    int compareInstant(long seconds, int nanos) {
      long v = varint();
      long s;
      long n;
      if (v == 1) {
        s = zigzag();
        n = varint();
      } else {
        long z = v >>> 1;
        long offset = (z >>> 1) ^ -(z & 1);
        s = base.getEpochSecond() + Math.floorDiv(offset, NANOS_PER_SECOND);
        n = base.getNano() + Math.floorMod(offset, NANOS_PER_SECOND);
        if (n >= NANOS_PER_SECOND) {
          s++;
          n -= NANOS_PER_SECOND;
        }
      }
      return s != seconds ? Long.compare(s, seconds) : Long.compare(n, nanos);
    }

    /** Moves past an instant without building it. */
    void skipInstant() {
      if (varint() == 1) {
        varint();
        varint();
      }
    }
  }
}
