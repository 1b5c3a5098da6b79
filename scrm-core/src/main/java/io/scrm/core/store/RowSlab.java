package io.scrm.core.store;

import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Rows of bytes by number, copied into a few large arrays (chunks) instead of one array each: a
 * million rows are a few dozen objects on the heap, which a collector copies and scans once, not a
 * million times, and writing a row stores bytes, not references, so it dirties no card.
 *
 * <p>A row gets a number when it is added and keeps it until it is removed; a removed row's number
 * goes to the next row added. Replacing a row writes its new bytes after the others and zeroes the
 * old ones, so that text a row no longer holds (an erased message) does not stay in memory. When
 * zeroed bytes outweigh live ones, the live rows are copied into new chunks and the old chunks are
 * zeroed and dropped: a row erased later leaves no copy behind in them.
 *
 * <p>Not thread-safe: the owner writes under its lock and reads either under that lock or
 * optimistically, checking afterwards that no write overlapped (see {@link OptimisticRead}). An
 * optimistic reader may see a chunk being zeroed, a row's old place, or a position that no longer
 * fits the arrays it read, which throws; either way its check fails and it reads again.
 */
final class RowSlab {
  /** The first chunk's size; each next one doubles, up to {@link #MAX_CHUNK}. */
  static final int FIRST_CHUNK = 4 * 1024;
  /**
   * The largest chunk shared by rows. Below half of G1's smallest region (1 MiB), so that G1 does not
   * allocate a chunk as a humongous object unless one row is larger than half a region: a chunk of
   * 1 MiB took a region of 2 MiB, or two of 1 MiB, to itself, and the pipeline kept a fifth more heap.
   */
  static final int MAX_CHUNK = 256 * 1024;
  /**
   * A row longer than this that does not fit into the rest of the current chunk gets a chunk of its
   * own size, and the current chunk stays current: rows of more than a quarter of a chunk would
   * otherwise leave up to half of each chunk unused.
   */
  static final int OWN_CHUNK_ABOVE = MAX_CHUNK / 4;
  private static final long NONE = -1;

  private byte[][] chunks = new byte[4][];
  private int chunkCount;
  private byte @Nullable [] current;
  private int currentIndex = -1;
  private int fill;
  private int nextChunk = FIRST_CHUNK;
  /** Where each row starts: chunk index in the high 32 bits, offset in the low ones; NONE if removed. */
  private long[] at = new long[0];
  private int[] length = new int[0];
  private final int expected;
  private int rows;
  /** Numbers of removed rows, for the next rows added. */
  private int[] free = new int[0];
  private int freeCount;
  private int live;
  private long liveBytes;
  private long deadBytes;

  /** A slab for about {@code expected} rows before its row arrays grow; they are allocated with the first row. */
  RowSlab(int expected) {
    this.expected = expected;
  }

  /** Every row's number is below this. */
  int rows() {
    return rows;
  }

  /** Rows added and not removed. */
  int live() {
    return live;
  }

  long liveBytes() {
    return liveBytes;
  }

  long deadBytes() {
    return deadBytes;
  }

  /** How many rows the arrays by row hold before they grow, for tests. */
  int rowCapacity() {
    return at.length;
  }

  /** Chunks in use, for tests. */
  int chunks() {
    return chunkCount;
  }

  /** A chunk in use, for tests. */
  byte[] chunkAt(int index) {
    return chunks[index];
  }

  /** Adds a row of {@code len} bytes from {@code src}; returns its number. */
  int add(byte[] src, int len) {
    if (freeCount > 0) {
      int row = free[--freeCount];
      place(row, src, 0, len);
      live++;
      return row;
    }
    if (rows == at.length) {
      int grown = ArrayLengths.grown(at.length, rows + 1L, expected);
      at = Arrays.copyOf(at, grown);
      length = Arrays.copyOf(length, grown);
    }
    int row = rows++;
    place(row, src, 0, len);
    live++;
    return row;
  }

  /** Replaces a live row's bytes; the old ones are zeroed. */
  void replace(int row, byte[] src, int len) {
    long was = at[row];
    int wasLength = length[row];
    place(row, src, 0, len);
    zero(was, wasLength);
    liveBytes -= wasLength;
    deadBytes += wasLength;
    compactIfSparse();
  }

  /** Removes a live row: its bytes are zeroed, and its number goes to the next row added. */
  void remove(int row) {
    zero(at[row], length[row]);
    liveBytes -= length[row];
    deadBytes += length[row];
    at[row] = NONE;
    length[row] = 0;
    live--;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, ArrayLengths.atLeast(free.length * 2L));
    }
    free[freeCount++] = row;
    compactIfSparse();
  }

  /** Whether a number names a live row. */
  boolean isLive(int row) {
    return row >= 0 && row < rows && at[row] != NONE;
  }

  /** The chunk a live row is in. */
  byte[] chunk(int row) {
    return chunks[(int) (at[row] >>> 32)];
  }

  /** Where in its chunk a live row starts. */
  int offset(int row) {
    return (int) at[row];
  }

  /** A live row's length in bytes. */
  int length(int row) {
    return length[row];
  }

  /** A live row's bytes, as an array of their own. */
  byte[] copy(int row) {
    int from = offset(row);
    return Arrays.copyOfRange(chunk(row), from, from + length[row]);
  }

  private void newChunk(int atLeast) {
    int size = Math.max(nextChunk, atLeast);
    nextChunk = Math.min(MAX_CHUNK, nextChunk * 2);
    current = new byte[size];
    currentIndex = addChunk(current);
    fill = 0;
  }

  private int addChunk(byte[] chunk) {
    if (chunkCount == chunks.length) {
      chunks = Arrays.copyOf(chunks, chunks.length * 2);
    }
    chunks[chunkCount] = chunk;
    return chunkCount++;
  }

  private void zero(long where, int len) {
    int from = (int) where;
    Arrays.fill(chunks[(int) (where >>> 32)], from, from + len, (byte) 0);
  }

  /**
   * Copies the live rows into new chunks when zeroed bytes outweigh live ones and fill at least a
   * chunk, so that a store whose rows are rewritten often stays within about twice its live bytes.
   */
  private void compactIfSparse() {
    if (deadBytes <= liveBytes || deadBytes < MAX_CHUNK) {
      return;
    }
    byte[][] old = chunks;
    long[] oldAt = at.clone();
    chunks = new byte[4][];
    chunkCount = 0;
    current = null;
    currentIndex = -1;
    fill = 0;
    nextChunk = (int) Math.min(MAX_CHUNK, Math.max(FIRST_CHUNK, Long.highestOneBit(Math.max(1, liveBytes))));
    liveBytes = 0;
    deadBytes = 0;
    for (int row = 0; row < rows; row++) {
      if (oldAt[row] != NONE) {
        place(row, old[(int) (oldAt[row] >>> 32)], (int) oldAt[row], length[row]);
      }
    }
    // the old chunks hold copies of the live rows until collected: none may outlive a row's erasure
    for (byte[] chunk : old) {
      if (chunk != null) {
        Arrays.fill(chunk, (byte) 0);
      }
    }
  }

  private void place(int row, byte[] src, int from, int len) {
    if (current == null || current.length - fill < len) {
      if (len > OWN_CHUNK_ABOVE) {
        byte[] own = Arrays.copyOfRange(src, from, from + len);
        at[row] = (long) addChunk(own) << 32;
        length[row] = len;
        liveBytes += len;
        return;
      }
      newChunk(len);
    }
    System.arraycopy(src, from, current, fill, len);
    at[row] = (long) currentIndex << 32 | fill;
    length[row] = len;
    fill += len;
    liveBytes += len;
  }
}
