package io.scrm.core.store;

import io.scrm.core.model.InteractionId;
import io.scrm.core.store.PackedBytes.In;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * A unique map from interaction ids to values (a case's or a lead's id), for the stores' look-up of
 * what a message belongs to. The ids are not kept as objects: their values are packed into a {@link
 * RowSlab} and found through a {@link RowTable}; only the values are references, in one array by row.
 * A {@link LookupTable} kept an id, its string and the string's bytes for every message, which every
 * young collection that ran while the message was new had to copy.
 *
 * <p>Thread-safe: writes take the write lock of a {@link StampedLock}, and reads are optimistic (see
 * {@link OptimisticRead}).
 *
 * @param <V> the value type
 */
final class InteractionMap<V> {
  /** What a read returns for an id without a value. */
  private static final Object MISSING = new Object();

  private final StampedLock lock = new StampedLock();
  private final RowSlab keys;
  private final RowTable table;
  private @Nullable Object[] values = new Object[0];
  private final int expected;
  /** Encodes keys; used only under the write lock. */
  private final PackedBytes.Out scratch = new PackedBytes.Out(64);

  /** A map for about {@code expected} entries before its table grows. */
  InteractionMap(int expected) {
    this.expected = expected;
    keys = new RowSlab(expected);
    table = new RowTable(expected, this::holds);
  }

  private boolean holds(int row, Object key, @Nullable Object unused) {
    In in = new In(keys.chunk(row));
    in.at = keys.offset(row);
    return in.stringEquals((String) key);
  }

  private int rowOf(String key) {
    return table.find(key.hashCode(), key, null);
  }

  /**
   * Returns the value of an id.
   *
   * @param id the id
   * @return its value, or null if it has none
   */
  @SuppressWarnings("unchecked")
  @Nullable V get(InteractionId id) {
    String key = id.value();
    Object value = OptimisticRead.read(lock, () -> {
      int row = rowOf(key);
      return row < 0 ? MISSING : values[row];
    });
    return value == MISSING ? null : (V) value;
  }

  /**
   * Maps an id to a value.
   *
   * @param id the id
   * @param value its value
   */
  void put(InteractionId id, V value) {
    String key = id.value();
    Objects.requireNonNull(value, "value");
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      if (row < 0) {
        PackedBytes.Out out = scratch.clear();
        out.string(key);
        try {
          row = keys.add(out.buf, out.size);
        } finally {
          out.wipe();
        }
        if (row >= values.length) {
          values = Arrays.copyOf(values, ArrayLengths.grown(values.length, row + 1L, expected));
        }
        table.add(key.hashCode(), row, key, null);
      }
      values[row] = value;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * Removes an id if it maps to the value.
   *
   * @param id the id
   * @param value the value it must map to
   */
  void removeIf(InteractionId id, V value) {
    String key = id.value();
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      if (row >= 0 && value.equals(values[row])) {
        table.remove(key.hashCode(), row, key, null);
        keys.remove(row);
        values[row] = null;
      }
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** The number of ids mapped, for tests. */
  int size() {
    long stamp = lock.readLock();
    try {
      return keys.live();
    } finally {
      lock.unlockRead(stamp);
    }
  }
}
