package io.scrm.core.store;

import java.util.Objects;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A hash map for the in-memory stores' rows and indexes: reads take no lock, writes are serialized
 * by the caller (each store writes under its own lock).
 *
 * <p>Keys and values sit side by side in one array, and each slot's hash in a second array, so a
 * look-up allocates nothing, follows no entry object and calls {@code equals} only on a key whose
 * hash matches. Against a {@link java.util.concurrent.ConcurrentHashMap} this saves the 32-byte node
 * per entry and one dependent memory access per look-up.
 *
 * <p>Concurrency: a writer fills a slot's hash and value before it publishes the key with a volatile
 * write, and a reader reads the key with a volatile read before the hash and value, so a reader that
 * sees a key sees its value. A removed key leaves a tombstone, and a tombstone is never filled
 * again, so a reader that found a key never reads another key's value from the same slot. When live
 * and dead slots fill 70 % of the table, the writer copies the live entries into a new table and
 * publishes it whole; a reader still on the old table sees the map as it was before the copy, which
 * is a state a concurrent read may return.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
final class LookupTable<K, V> {
  private static final Object TOMBSTONE = new Object();
  private static final int MAX_CAPACITY = (1 << 29) - 16;

  private static final class Table {
    final int[] hashes;
    /** Key of slot {@code i} at {@code 2i}, its value at {@code 2i + 1}. */
    final AtomicReferenceArray<@Nullable Object> entries;
    final int capacity;
    final int limit;
    int used;

    Table(int capacity) {
      hashes = new int[capacity];
      entries = new AtomicReferenceArray<>(2 * capacity);
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

  /** The table of every map before its first entry: no slot is ever written, so it is shared. */
  private static final Table EMPTY = new Table(1);

  private final int expected;
  private volatile Table table = EMPTY;
  private volatile int size;

  /**
   * Creates a map that takes {@code expected} entries without a rebuild. Its slots are allocated
   * with the first entry, so a map that stays empty costs nothing.
   *
   * @param expected the number of entries expected
   */
  LookupTable(int expected) {
    this.expected = expected;
  }

  private static int capacityFor(int entries) {
    return capacityFor(entries, MAX_CAPACITY);
  }

  /**
   * The fewest slots, of at least 16 and of a length from {@link ArrayLengths}, that hold {@code
   * entries} under 70 % use, at most {@code max}; shared with {@link ProbeTable} and {@link RowTable}.
   */
  static int capacityFor(int entries, int max) {
    return Math.min(max, ArrayLengths.atLeast((long) entries * 10 / 7 + 1));
  }

  /**
   * Spreads a hash code over all bits, so that its high bits pick a slot ({@link ArrayLengths#home});
   * shared with {@link ProbeTable} and {@link RowTable}.
   */
  static int spread(int hash) {
    int h = hash * 0x9E3779B9;
    return h ^ h >>> 16;
  }

  /**
   * Returns the number of entries.
   *
   * @return the size
   */
  int size() {
    return size;
  }

  /**
   * Returns the number of slots, for tests and diagnostics.
   *
   * @return the slots of the current table
   */
  int capacity() {
    return table.capacity;
  }

  /**
   * Returns the value of a key.
   *
   * @param key the key
   * @return the value, or null if the key is absent
   */
  @SuppressWarnings("unchecked")
  @Nullable V get(Object key) {
    int h = spread(key.hashCode());
    Table t = table;
    for (int i = t.home(h); ; i = t.after(i)) {
      Object k = t.entries.get(2 * i);
      if (k == null) {
        return null;
      }
      if (k != TOMBSTONE && t.hashes[i] == h && (k == key || k.equals(key))) {
        // null when the key was removed since it was read: the read then follows the removal
        return (V) t.entries.get(2 * i + 1);
      }
    }
  }

  /**
   * Tells whether a key is present.
   *
   * @param key the key
   * @return true if present
   */
  boolean containsKey(Object key) {
    return get(key) != null;
  }

  /**
   * Maps a key to a value. Callers serialize writes.
   *
   * @param key the key
   * @param value the value
   * @return the previous value, or null
   */
  @SuppressWarnings("unchecked")
  @Nullable V put(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    int h = spread(key.hashCode());
    Table t = table;
    int slot = slotOf(t, key, h);
    if (slot >= 0) {
      Object previous = t.entries.get(2 * slot + 1);
      t.entries.set(2 * slot + 1, value);
      return (V) previous;
    }
    if (t.used >= t.limit) {
      t = rebuild(t, size + 1);
    }
    int free = t.home(h);
    while (t.entries.get(2 * free) != null) {
      free = t.after(free);
    }
    t.hashes[free] = h;
    t.entries.setPlain(2 * free + 1, value);
    t.entries.set(2 * free, key); // publishes the hash and the value with the key
    t.used++;
    size++;
    return null;
  }

  /**
   * Removes a key. Callers serialize writes.
   *
   * @param key the key
   * @return the removed value, or null if the key was absent
   */
  @Nullable V remove(Object key) {
    return remove(key, null);
  }

  /**
   * Removes a key if it maps to a value. Callers serialize writes.
   *
   * @param key the key
   * @param value the value the key must map to
   * @return true if the entry was removed
   */
  boolean removeIf(Object key, Object value) {
    return remove(key, Objects.requireNonNull(value, "value")) != null;
  }

  @SuppressWarnings("unchecked")
  private @Nullable V remove(Object key, @Nullable Object expected) {
    Table t = table;
    int slot = slotOf(t, key, spread(key.hashCode()));
    if (slot < 0) {
      return null;
    }
    Object previous = t.entries.get(2 * slot + 1);
    if (expected != null && !expected.equals(previous)) {
      return null;
    }
    t.entries.set(2 * slot, TOMBSTONE);
    t.entries.set(2 * slot + 1, null);
    size--;
    return (V) previous;
  }

  /**
   * Passes every value to an action, in no particular order. Runs without a lock: entries written
   * during the walk may or may not be seen.
   *
   * @param action what to do with each value
   */
  @SuppressWarnings("unchecked")
  void forEachValue(Consumer<? super V> action) {
    Table t = table;
    for (int i = 0; i < t.capacity; i++) {
      Object k = t.entries.get(2 * i);
      if (k != null && k != TOMBSTONE) {
        Object v = t.entries.get(2 * i + 1);
        if (v != null) {
          action.accept((V) v);
        }
      }
    }
  }

  private static int slotOf(Table t, Object key, int h) {
    for (int i = t.home(h); ; i = t.after(i)) {
      Object k = t.entries.get(2 * i);
      if (k == null) {
        return -1;
      }
      if (k != TOMBSTONE && t.hashes[i] == h && (k == key || k.equals(key))) {
        return i;
      }
    }
  }

  /** Copies the live entries into a table with room for {@code entries} and publishes it. */
  private Table rebuild(Table old, int entries) {
    // double when more than half of the used slots are live, else drop the tombstones at the same size
    int capacity = old.capacity;
    if (entries > capacity * 7L / 20) {
      if (capacity == MAX_CAPACITY) {
        if (entries > old.limit) {
          throw new IllegalStateException("in-memory table full: " + size + " entries");
        }
      } else {
        capacity = Math.min(MAX_CAPACITY, ArrayLengths.atLeast(2L * capacity));
      }
    }
    capacity = Math.max(capacity, capacityFor(expected));
    Table next = new Table(capacity);
    for (int i = 0; i < old.capacity; i++) {
      Object k = old.entries.get(2 * i);
      if (k != null && k != TOMBSTONE) {
        int h = old.hashes[i];
        int free = next.home(h);
        while (next.entries.getPlain(2 * free) != null) {
          free = next.after(free);
        }
        next.hashes[free] = h;
        next.entries.setPlain(2 * free + 1, old.entries.get(2 * i + 1));
        next.entries.setPlain(2 * free, k);
        next.used++;
      }
    }
    table = next; // the volatile write publishes the filled table
    return next;
  }
}
