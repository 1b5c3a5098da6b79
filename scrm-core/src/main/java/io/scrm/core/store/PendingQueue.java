package io.scrm.core.store;

import java.time.Instant;
import java.util.Arrays;

/**
 * The outbox's pending messages, oldest first (by creation time, then id), as rows of a {@link
 * RowSlab} in parallel arrays: per message its creation time, next attempt, row and conversation
 * hash, and no object. A message is added near the end (messages are created in time order) and
 * removed near the front (the oldest go out first), so an insert or removal shifts the entries on
 * the shorter side, which are few; the live entries lie between {@code head} and {@code tail}.
 *
 * <p>Not thread-safe, like {@link RowSlab}: the owner writes under its lock, and a reader without the
 * lock checks afterwards that no write overlapped. Every loop is bounded by the arrays it read.
 */
final class PendingQueue {
  /** Compares the ids of two rows, as {@link String#compareTo} compares them. */
  @FunctionalInterface
  interface Ids {
    int compare(int rowA, int rowB);
  }

  /** Whether a due row is the oldest pending message of its conversation (given by its hash). */
  @FunctionalInterface
  interface First {
    boolean test(int row, int conversation);
  }

  private static final long[] NO_LONGS = new long[0];
  private static final int[] NO_INTS = new int[0];

  private final Ids ids;
  private long[] createdSeconds = NO_LONGS;
  private int[] createdNanos = NO_INTS;
  private long[] dueSeconds = NO_LONGS;
  private int[] dueNanos = NO_INTS;
  private int[] rows = NO_INTS;
  private int[] conversations = NO_INTS;
  private int head;
  private int tail;

  PendingQueue(Ids ids) {
    this.ids = ids;
  }

  int size() {
    return tail - head;
  }

  /** Adds a row that is not in the queue. */
  void add(int row, Instant created, Instant due, int conversation) {
    long seconds = created.getEpochSecond();
    int nanos = created.getNano();
    int at = tail;
    if (head < tail && compare(tail - 1, seconds, nanos, row) > 0) {
      int low = head;
      int high = tail - 1; // the answer is in [low, high]: the first entry after the new one
      while (low < high) {
        int mid = (low + high) >>> 1;
        if (compare(mid, seconds, nanos, row) > 0) {
          high = mid;
        } else {
          low = mid + 1;
        }
      }
      at = low;
    }
    if (at - head < tail - at && head > 0) {
      // fewer entries before the place than after it: they move one to the front
      shift(head, head - 1, at - head);
      head--;
      at--;
    } else {
      if (tail == rows.length) {
        makeRoom();
        at -= head;
        tail -= head;
        head = 0;
      }
      shift(at, at + 1, tail - at);
      tail++;
    }
    createdSeconds[at] = seconds;
    createdNanos[at] = nanos;
    dueSeconds[at] = due.getEpochSecond();
    dueNanos[at] = due.getNano();
    rows[at] = row;
    conversations[at] = conversation;
  }

  /** The position of a row created at {@code created}, or -1 if it is not in the queue. */
  int positionOf(int row, Instant created) {
    long seconds = created.getEpochSecond();
    int nanos = created.getNano();
    int low = head;
    int high = tail - 1;
    while (low <= high) {
      int mid = (low + high) >>> 1;
      int c = compare(mid, seconds, nanos, row);
      if (c == 0) {
        return mid;
      }
      if (c < 0) {
        low = mid + 1;
      } else {
        high = mid - 1;
      }
    }
    return -1;
  }

  /** Removes the entry at a position. */
  void remove(int at) {
    if (at - head < tail - at - 1) {
      shift(head, head + 1, at - head);
      head++;
    } else {
      shift(at + 1, at, tail - at - 1);
      tail--;
    }
    if (head == tail) {
      head = 0;
      tail = 0;
    }
  }

  /** Moves the next attempt of the entry at a position. */
  void setDue(int at, Instant due) {
    dueSeconds[at] = due.getEpochSecond();
    dueNanos[at] = due.getNano();
  }

  /** The conversation hash of the entry at a position. */
  int conversation(int at) {
    return conversations[at];
  }

  /** The row at a position. */
  int row(int at) {
    return rows[at];
  }

  /**
   * Positions of the messages due at {@code now} that {@code first} finds the oldest pending message
   * of their conversation, oldest first, at most {@code limit}. A message not due costs one
   * comparison; {@code first} is asked only about due ones.
   *
   * @param limit the most positions; at least 1
   * @param all true to return every position in order, due or not
   */
  int[] walk(Instant now, int limit, boolean all, First first) {
    long nowSeconds = now.getEpochSecond();
    int nowNanos = now.getNano();
    int[] at = rows;
    int[] hashes = conversations;
    long[] dueS = dueSeconds;
    int[] dueN = dueNanos;
    int from = head;
    int to = Math.min(tail, at.length);
    int[] found = new int[Math.max(0, Math.min(limit, to - from))];
    int n = 0;
    for (int i = from; i < to && n < found.length; i++) {
      if (all || (dueS[i] < nowSeconds || dueS[i] == nowSeconds && dueN[i] <= nowNanos)
          && first.test(at[i], hashes[i])) {
        found[n++] = i;
      }
    }
    return n == found.length ? found : Arrays.copyOf(found, n);
  }

  private int compare(int at, long seconds, int nanos, int row) {
    int c = Long.compare(createdSeconds[at], seconds);
    if (c == 0) {
      c = Integer.compare(createdNanos[at], nanos);
    }
    return c != 0 ? c : rows[at] == row ? 0 : ids.compare(rows[at], row);
  }

  private void shift(int from, int to, int length) {
    if (length > 0) {
      System.arraycopy(createdSeconds, from, createdSeconds, to, length);
      System.arraycopy(createdNanos, from, createdNanos, to, length);
      System.arraycopy(dueSeconds, from, dueSeconds, to, length);
      System.arraycopy(dueNanos, from, dueNanos, to, length);
      System.arraycopy(rows, from, rows, to, length);
      System.arraycopy(conversations, from, conversations, to, length);
    }
  }

  /**
   * Moves the entries to the front of arrays with room after them: the same arrays when the front
   * holds at least half of them unused, else new ones twice as large. A reader that holds the old
   * arrays sees a consistent, older queue or is told to read again.
   */
  private void makeRoom() {
    int live = tail - head;
    int capacity = rows.length;
    if (capacity > 0 && head >= capacity / 2) {
      shift(head, 0, live);
      return;
    }
    int grown = Math.max(16, capacity * 2);
    createdSeconds = Arrays.copyOfRange(createdSeconds, head, head + grown);
    createdNanos = Arrays.copyOfRange(createdNanos, head, head + grown);
    dueSeconds = Arrays.copyOfRange(dueSeconds, head, head + grown);
    dueNanos = Arrays.copyOfRange(dueNanos, head, head + grown);
    rows = Arrays.copyOfRange(rows, head, head + grown);
    conversations = Arrays.copyOfRange(conversations, head, head + grown);
  }
}
