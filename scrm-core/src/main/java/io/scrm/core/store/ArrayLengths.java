package io.scrm.core.store;

/**
 * Lengths for the in-memory stores' arrays of rows and slots: a power of two less 16, so that an
 * array of 1, 2, 4 or 8 bytes an element, with its header (16 bytes in most JVMs), takes at most a
 * power of two of bytes.
 *
 * <p>G1 allocates an array larger than half of its region (1 to 32 MiB) as a humongous object, in
 * regions of its own, and no other object uses the rest of the last one. An array that doubles from
 * a power of two of elements is always a few bytes over a power of two of bytes: an {@code int[]} of
 * 2<sup>18</sup> elements (1 MiB and 16 bytes) took a region of 2 MiB, or two of 1 MiB. An array of
 * these lengths is either not humongous or ends at most 112 bytes before its last region's end.
 */
final class ArrayLengths {
  /** The shortest length handed out. */
  static final int MIN = 16;
  /** The longest length handed out: 2<sup>30</sup> less 16. */
  static final int MAX = (1 << 30) - 16;
  /** What a length leaves for the array's header, in bytes. */
  private static final int HEADER = 16;

  private ArrayLengths() {}

  /**
   * The shortest length of a power of two less 16 that is at least {@code wanted} (and at least
   * {@link #MIN}); {@link #MAX} if {@code wanted} is larger.
   */
  static int atLeast(long wanted) {
    long bytes = Math.min(Math.max(MIN, wanted), MAX) + HEADER;
    return (int) (Long.highestOneBit(bytes - 1) << 1) - HEADER;
  }

  /**
   * The new length of a store's array by row that must hold {@code needed} rows: {@code expected},
   * the store's size given up front, if the array is shorter and that holds them; else at least twice
   * {@code current}, a power of two less 16. A sized store keeps exactly its size: rounding that up
   * could add nearly the size again, more than the rest of a region that G1 would leave empty.
   *
   * @throws IllegalStateException if more than {@link #MAX} rows are needed
   */
  static int grown(int current, long needed, int expected) {
    if (needed > MAX) {
      throw new IllegalStateException("in-memory store full: more than " + MAX + " rows");
    }
    if (current < expected && needed <= expected) {
      return expected;
    }
    return atLeast(Math.max(needed, 2L * current));
  }

  /**
   * The slot of a spread hash in a table of {@code capacity} slots, any capacity: the high bits of
   * the hash times the capacity, so that the table need not have a power of two of slots.
   */
  static int home(int spreadHash, int capacity) {
    return (int) ((spreadHash & 0xFFFF_FFFFL) * capacity >>> 32);
  }
}
