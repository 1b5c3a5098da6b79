package io.scrm.core.store;

import java.time.Instant;
import java.util.Arrays;

/**
 * The outbox's pending messages, oldest first (by creation time, then id), as rows of a {@link
 * RowSlab} in parallel arrays: per message its creation time, next attempt, row and conversation
 * hash, and no object. The live entries lie between {@code head} and {@code tail}.
 *
 * <p>A message is added near the end (messages are created in time order), so an insert shifts the
 * entries on the shorter side, which are few. A removal at either end moves the end; one in between
 * leaves a hole that keeps its creation time, so the times stay in order and nothing moves. That is
 * the common case when the oldest messages wait for a retry while newer ones go out. Holes are
 * skipped by every walk, filled by an insert next to them, and squeezed out once they outnumber the
 * live entries or the arrays are full. Each row's position is kept in an array by row, so finding a
 * message's entry costs one read, however many messages share its creation time.
 *
 * <p>Not thread-safe, like {@link RowSlab}: the owner writes under its lock, and a reader without the
 * lock checks afterwards that no write overlapped. Every loop is bounded by the arrays it read.
 */
final class PendingQueue {
  /** Compares the ids of two rows, as {@link StorableText#compareByCodePoint} compares them. */
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
  /** The row of a removed entry between live ones. */
  private static final int HOLE = -1;
  /** Holes are squeezed out once there are more of them than live entries, and at least this many. */
  private static final int FEW_HOLES = 8;
  /** An insert whose search among entries of one time meets a longer run of holes squeezes them out. */
  private static final int LONG_RUN = 64;

  private final Ids ids;
  private long[] createdSeconds = NO_LONGS;
  private int[] createdNanos = NO_INTS;
  private long[] dueSeconds = NO_LONGS;
  private int[] dueNanos = NO_INTS;
  private int[] rows = NO_INTS;
  private int[] conversations = NO_INTS;
  private int head;
  private int tail;
  /** Holes between {@code head} and {@code tail}; the entries at both are live. */
  private int holes;
  /** By row, its position; right for the rows in the queue, stale for others. */
  private int[] positions = NO_INTS;

  PendingQueue(Ids ids) {
    this.ids = ids;
  }

  int size() {
    return tail - head - holes;
  }

  /** Adds a row that is not in the queue. */
  void add(int row, Instant created, Instant due, int conversation) {
    if (tail == rows.length) {
      makeRoom();
    }
    long seconds = created.getEpochSecond();
    int nanos = created.getNano();
    int at = tail;
    if (head < tail && compareTime(tail - 1, seconds, nanos) >= 0) {
      int from = firstNotBefore(seconds, nanos);
      at = placeAmongTies(from, firstAfter(seconds, nanos, from), row);
      if (at < 0) {
        squeeze(head); // the search passed a long run of holes
        from = firstNotBefore(seconds, nanos);
        at = placeAmongTies(from, firstAfter(seconds, nanos, from), row);
      }
    }
    if (at > head && rows[at - 1] == HOLE) {
      at--; // the hole before the place: the times stay in order
      holes--;
    } else if (at < tail && rows[at] == HOLE) {
      holes--;
    } else if (at - head < tail - at && head > 0) {
      // fewer entries before the place than after it: they move one to the front
      shift(head, head - 1, at - head);
      head--;
      at--;
    } else {
      shift(at, at + 1, tail - at);
      tail++;
    }
    createdSeconds[at] = seconds;
    createdNanos[at] = nanos;
    dueSeconds[at] = due.getEpochSecond();
    dueNanos[at] = due.getNano();
    rows[at] = row;
    conversations[at] = conversation;
    if (row >= positions.length) {
      positions = Arrays.copyOf(positions, ArrayLengths.grown(positions.length, row + 1L, 0));
    }
    positions[row] = at;
  }

  /** The position of a row, or -1 if it is not in the queue. */
  int positionOf(int row) {
    if (row < 0 || row >= positions.length) {
      return -1;
    }
    int at = positions[row];
    return at >= head && at < tail && rows[at] == row ? at : -1;
  }

  /**
   * Where among the entries in {@code [from, to)}, all created at one time, a row goes: after every
   * live one with a smaller id, before every live one with a larger id; -1 if the search met a run of
   * more than {@link #LONG_RUN} holes. A squeeze so takes out at least that many holes, and a search
   * steps over at most that many at each halving.
   */
  private int placeAmongTies(int from, int to, int row) {
    int low = from;
    int high = to; // a place in [low, high] fits
    while (low < high) {
      int mid = (low + high) >>> 1;
      int live = mid;
      while (live < high && rows[live] == HOLE) {
        live++;
        if (live - mid > LONG_RUN) {
          return -1;
        }
      }
      if (live == high) {
        high = mid; // only holes from the middle on: the middle fits as well as any place after it
      } else if (ids.compare(rows[live], row) > 0) {
        high = live;
      } else {
        low = live + 1;
      }
    }
    return low;
  }

  /** The first position from {@code head} created at or after the given time, or {@code tail}. */
  private int firstNotBefore(long seconds, int nanos) {
    int low = head;
    int high = tail;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (compareTime(mid, seconds, nanos) < 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** The first position from {@code from} created after the given time, or {@code tail}. */
  private int firstAfter(long seconds, int nanos, int from) {
    int low = from;
    int high = tail;
    while (low < high) {
      int mid = (low + high) >>> 1;
      if (compareTime(mid, seconds, nanos) <= 0) {
        low = mid + 1;
      } else {
        high = mid;
      }
    }
    return low;
  }

  /** Removes the entry at a position. */
  void remove(int at) {
    if (at == head) {
      head++;
      while (head < tail && rows[head] == HOLE) {
        head++;
        holes--;
      }
    } else if (at == tail - 1) {
      tail--;
      while (tail > head && rows[tail - 1] == HOLE) {
        tail--;
        holes--;
      }
    } else {
      rows[at] = HOLE;
      holes++;
      if (holes >= FEW_HOLES && holes > tail - head - holes) {
        squeeze(head);
      }
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
      if (at[i] != HOLE && (all || (dueS[i] < nowSeconds || dueS[i] == nowSeconds && dueN[i] <= nowNanos)
          && first.test(at[i], hashes[i]))) {
        found[n++] = i;
      }
    }
    return n == found.length ? found : Arrays.copyOf(found, n);
  }

  private int compareTime(int at, long seconds, int nanos) {
    int c = Long.compare(createdSeconds[at], seconds);
    return c != 0 ? c : Integer.compare(createdNanos[at], nanos);
  }

  /** Moves entries, and keeps their rows' positions. */
  private void shift(int from, int to, int length) {
    if (length > 0 && from != to) {
      System.arraycopy(createdSeconds, from, createdSeconds, to, length);
      System.arraycopy(createdNanos, from, createdNanos, to, length);
      System.arraycopy(dueSeconds, from, dueSeconds, to, length);
      System.arraycopy(dueNanos, from, dueNanos, to, length);
      System.arraycopy(rows, from, rows, to, length);
      System.arraycopy(conversations, from, conversations, to, length);
      for (int at = to; at < to + length; at++) {
        if (rows[at] != HOLE) {
          positions[rows[at]] = at;
        }
      }
    }
  }

  /** Moves the live entries, in order, to positions from {@code to} on, leaving no hole. */
  private void squeeze(int to) {
    int end = tail;
    int i = head;
    head = to;
    tail = to;
    while (i < end) {
      int run = i;
      while (i < end && rows[i] != HOLE) {
        i++;
      }
      shift(run, tail, i - run); // a run of live entries, moved to the front or not at all
      tail += i - run;
      i++; // past the hole that ended the run
    }
    holes = 0;
  }

  /**
   * Makes room after the live entries: in the same arrays when they fill at most half of them
   * (squeezed to the front), else in new ones twice as large. A reader without the lock that read
   * while the entries moved is told to read again.
   */
  private void makeRoom() {
    int capacity = rows.length;
    if (capacity > 0 && size() <= capacity / 2) {
      squeeze(0);
      return;
    }
    int grown = ArrayLengths.grown(capacity, capacity + 1L, 0);
    createdSeconds = Arrays.copyOf(createdSeconds, grown);
    createdNanos = Arrays.copyOf(createdNanos, grown);
    dueSeconds = Arrays.copyOf(dueSeconds, grown);
    dueNanos = Arrays.copyOf(dueNanos, grown);
    rows = Arrays.copyOf(rows, grown);
    conversations = Arrays.copyOf(conversations, grown);
    squeeze(0);
  }
}
