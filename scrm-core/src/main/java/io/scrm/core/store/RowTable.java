package io.scrm.core.store;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A hash table from an attribute to the rows of a {@link RowSlab} that have it, in arrays of ints:
 * no entry objects and no references, so a write dirties no card and a collector has nothing to
 * scan. The table keeps no attributes; it asks a {@link Match} whether a row has the one looked for,
 * and the rows are the truth.
 *
 * <p>Each attribute has one slot, which holds its newest row; the others with the same attribute
 * follow in a chain through {@code next}, one int per row. A unique key is an attribute whose chain
 * is one row long. Removing a row from the middle of a chain walks the chain to it, unless the table
 * is two-way: then a second int per row links back, for attributes whose chains grow long and lose
 * rows anywhere (the outbox's dead letters, a recipient's messages, a conversation's pending ones).
 *
 * <p>Not thread-safe, like {@link RowSlab}: the owner writes under its lock, and a reader without the
 * lock checks afterwards that no write overlapped. Every loop is bounded, so that such a reader ends
 * even when it sees the table in the middle of a change.
 */
final class RowTable {
  /** Whether a row has the attribute {@code a, b} (what the two mean is the caller's). */
  @FunctionalInterface
  interface Match {
    boolean test(int row, Object a, @Nullable Object b);
  }

  private static final int EMPTY = 0;
  private static final int TOMBSTONE = -1;

  private static final class Slots {
    final int[] hashes;
    /** The slot's newest row plus one; {@link #EMPTY} or {@link #TOMBSTONE} when it holds none. */
    final int[] heads;
    final int capacity;
    final int limit;
    int used;
    int live;

    Slots(int capacity) {
      hashes = new int[capacity];
      heads = new int[capacity];
      this.capacity = capacity;
      limit = (int) ((long) capacity * 7 / 10);
    }

    int home(int h) {
      return ArrayLengths.home(h, capacity);
    }

    int after(int i) {
      return i + 1 == capacity ? 0 : i + 1;
    }
  }

  /** The slots of every table before its first row: full at once, so never written. */
  private static final Slots NONE = new Slots(1);

  private final Match match;
  private final int expected;
  private Slots slots = NONE;
  /** The next older row of the same attribute plus one, by row; 0 ends the chain. */
  private int[] next;
  /** The next newer row of the same attribute plus one, by row, in a two-way table; 0 at the head. */
  private int @Nullable [] previous;

  /**
   * A table for about {@code attributes} attributes, whose rows are told apart by {@code match}. Its
   * arrays are allocated with the first row, so that a table that stays empty costs nothing.
   */
  RowTable(int attributes, Match match) {
    this(attributes, match, false);
  }

  /** A table as {@link #RowTable(int, Match)}; if {@code twoWay}, a removal does not walk the chain. */
  RowTable(int attributes, Match match, boolean twoWay) {
    this.match = match;
    this.expected = attributes;
    this.next = new int[0];
    this.previous = twoWay ? new int[0] : null;
  }

  /** The slots of the table, for tests. */
  int capacity() {
    return slots.capacity;
  }

  /** Attributes that have at least one row. */
  int attributes() {
    return slots.live;
  }

  /** The newest row with the attribute, or -1. */
  int find(int hash, Object a, @Nullable Object b) {
    Slots s = slots;
    int slot = slotOf(s, LookupTable.spread(hash), a, b);
    return slot < 0 ? -1 : s.heads[slot] - 1;
  }

  /**
   * Calls {@code action} with every row that has the attribute, newest first. Returns false, having
   * stopped, if the chain is longer than {@code bound} rows: then it was read while it changed.
   */
  boolean forEach(int hash, Object a, @Nullable Object b, int bound, IntConsumer action) {
    Slots s = slots;
    int slot = slotOf(s, LookupTable.spread(hash), a, b);
    if (slot < 0) {
      return true;
    }
    int[] links = next;
    int steps = 0;
    for (int row = s.heads[slot] - 1; row >= 0; row = row < links.length ? links[row] - 1 : -1) {
      if (++steps > bound) {
        return false;
      }
      action.accept(row);
    }
    return true;
  }

  /**
   * Copies of the rows of {@code slab} that have the attribute, newest first; null if the chain was
   * read while it changed. A read that overlaps a write may follow a chain through other rows: it
   * stops at the slab's size in rows, and in bytes, so that it cannot copy more than the slab holds.
   */
  byte @Nullable [][] copyRows(int hash, Object a, @Nullable Object b, RowSlab slab) {
    List<byte[]> seen = new ArrayList<>();
    long[] copied = {0};
    long most = slab.liveBytes();
    boolean whole = forEach(hash, a, b, slab.rows(), r -> {
      byte[] row = slab.copy(r);
      copied[0] += row.length;
      if (copied[0] > most) {
        throw new IllegalStateException("a chain longer than the store");
      }
      seen.add(row);
    });
    return whole ? seen.toArray(new byte[0][]) : null;
  }

  /** Adds a row whose attribute is {@code a, b}; the row must not be in the table. */
  void add(int hash, int row, Object a, @Nullable Object b) {
    if (row >= next.length) {
      next = Arrays.copyOf(next, ArrayLengths.grown(next.length, row + 1L, expected));
      if (previous != null) {
        previous = Arrays.copyOf(previous, next.length);
      }
    }
    int h = LookupTable.spread(hash);
    Slots s = slots;
    if (s == NONE) {
      s = slots = new Slots(LookupTable.capacityFor(expected, ArrayLengths.MAX));
    }
    int slot = slotOf(s, h, a, b);
    if (slot >= 0) {
      next[row] = s.heads[slot];
      if (previous != null) {
        previous[s.heads[slot] - 1] = row + 1;
        previous[row] = 0;
      }
      s.heads[slot] = row + 1;
      return;
    }
    next[row] = 0;
    if (previous != null) {
      previous[row] = 0;
    }
    if (s.used + 1 > s.limit) {
      s = rebuild(s.live + 1);
    }
    int free = -1;
    for (int i = s.home(h); ; i = s.after(i)) {
      int head = s.heads[i];
      if (head == EMPTY) {
        if (free < 0) {
          free = i;
          s.used++;
        }
        break;
      }
      if (head == TOMBSTONE && free < 0) {
        free = i;
      }
    }
    s.hashes[free] = h;
    s.heads[free] = row + 1;
    s.live++;
  }

  /** Removes a row whose attribute is {@code a, b}; nothing if it is not in the table. */
  void remove(int hash, int row, Object a, @Nullable Object b) {
    Slots s = slots;
    int slot = slotOf(s, LookupTable.spread(hash), a, b);
    if (slot < 0 || row >= next.length) {
      return;
    }
    int head = s.heads[slot] - 1;
    int rest = next[row];
    if (head == row) {
      s.heads[slot] = rest == 0 ? TOMBSTONE : rest;
      if (rest == 0) {
        s.live--;
      }
    } else {
      int before;
      if (previous != null) {
        before = previous[row] - 1; // -1: not in the chain, as only the head has no newer row
      } else {
        before = head;
        while (before >= 0 && next[before] != row + 1) {
          before = next[before] - 1;
        }
      }
      if (before < 0) {
        return;
      }
      next[before] = rest;
    }
    if (previous != null) {
      if (rest != 0) {
        previous[rest - 1] = head == row ? 0 : previous[row];
      }
      previous[row] = 0;
    }
    next[row] = 0;
  }

  /** The slot of the attribute, or -1; at most one pass over the slots. */
  private int slotOf(Slots s, int h, Object a, @Nullable Object b) {
    int[] heads = s.heads;
    int[] hashes = s.hashes;
    for (int i = s.home(h), probes = 0; probes < s.capacity; i = s.after(i), probes++) {
      int head = heads[i];
      if (head == EMPTY) {
        return -1;
      }
      if (head != TOMBSTONE && hashes[i] == h && match.test(head - 1, a, b)) {
        return i;
      }
    }
    return -1;
  }

  /** A table of twice the live attributes (at least), without tombstones. */
  private Slots rebuild(int attributes) {
    Slots old = slots;
    Slots fresh = new Slots(LookupTable.capacityFor(Math.max(attributes * 2, 8), ArrayLengths.MAX));
    for (int i = 0; i < old.capacity; i++) {
      int head = old.heads[i];
      if (head != EMPTY && head != TOMBSTONE) {
        int j = fresh.home(old.hashes[i]);
        while (fresh.heads[j] != EMPTY) {
          j = fresh.after(j);
        }
        fresh.hashes[j] = old.hashes[i];
        fresh.heads[j] = head;
        fresh.used++;
        fresh.live++;
      }
    }
    slots = fresh;
    return fresh;
  }
}
