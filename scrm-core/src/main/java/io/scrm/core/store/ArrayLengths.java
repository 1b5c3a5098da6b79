package io.scrm.core.store;

/**
 * Lengths for the in-memory stores' arrays of rows and slots: a power of two less 16, so that an
 * array of elements of 2 bytes or more, with its header (16 bytes in most JVMs), fills at most a
 * power of two of bytes.
 *
 * <p>G1 allocates an array larger than half of its region (1 to 32 MiB) as a humongous object, in
 * regions of its own, and no other object uses the rest of the last one. An array that doubles from
 * a power of two of elements is always a few bytes over a power of two of bytes: an {@code int[]} of
 * 2<sup>18</sup> elements (1 MiB and 16 bytes) took a region of 2 MiB, or two of 1 MiB. An array of
 * these lengths is either not humongous or fills its regions to their end.
 */
final class ArrayLengths {
  /** The shortest length handed out. */
  static final int MIN = 16;
  /** The longest length handed out: 2<sup>30</sup> less 16. */
  static final int MAX = (1 << 30) - 16;
  /** What a length leaves for the array's header, in elements of one byte or more. */
  private static final int HEADER = 16;

  private ArrayLengths() {}

  /**
   * The shortest length of a power of two less 16 that is at least {@code wanted} (and at least
   * {@link #MIN}), at most {@link #MAX}.
   */
  static int atLeast(long wanted) {
    long bytes = Math.max(MIN, wanted) + HEADER;
    long power = Long.highestOneBit(bytes - 1) << 1;
    return (int) Math.min(MAX, power - HEADER);
  }

  /**
   * The slot of a spread hash in a table of {@code capacity} slots, any capacity: the high bits of
   * the hash times the capacity, so that the table need not have a power of two of slots.
   */
  static int home(int spreadHash, int capacity) {
    return (int) ((spreadHash & 0xFFFF_FFFFL) * capacity >>> 32);
  }
}
