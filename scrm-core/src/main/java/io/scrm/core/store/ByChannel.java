package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import org.jspecify.annotations.Nullable;

/**
 * One table per channel, for indexes whose key is a channel and a string (a thread of a channel).
 * Keyed by the string alone within its channel's table, such an index needs no key object per row:
 * it holds the string the row holds anyway.
 *
 * <p>A host has a few channels, so the tables sit in one array, searched from the start and replaced
 * whole when a channel is added. Adding is serialised by the caller (the store's write lock); reads
 * take no lock and see the array as it was before or after an addition.
 *
 * @param <T> the table type
 */
final class ByChannel<T> {
  private final IntFunction<T> newTable;
  /** Channel {@code i} at {@code 2i}, its table at {@code 2i + 1}. */
  private volatile @Nullable Object[] tables = new Object[0];

  /**
   * Tables made on demand.
   *
   * @param newTable makes the table of a channel on its first row, given how many channels have one
   *     already (0 for the first), so that a store sized up front can size only its first channel's table
   */
  ByChannel(IntFunction<T> newTable) {
    this.newTable = newTable;
  }

  /** The channel's table, or null if it has had no row yet. */
  @SuppressWarnings("unchecked")
  @Nullable T get(ChannelId channel) {
    Object[] t = tables;
    for (int i = 0; i < t.length; i += 2) {
      if (t[i] == channel || channel.equals(t[i])) {
        return (T) t[i + 1];
      }
    }
    return null;
  }

  /** The channel's table, made and added if it has none; under the caller's write lock. */
  T getOrAdd(ChannelId channel) {
    T table = get(Objects.requireNonNull(channel, "channel"));
    if (table == null) {
      Object[] old = tables;
      table = Objects.requireNonNull(newTable.apply(old.length / 2), "new table");
      Object[] more = Arrays.copyOf(old, old.length + 2);
      more[old.length] = channel;
      more[old.length + 1] = table;
      tables = more;
    }
    return table;
  }

  /** Calls {@code action} with every channel's table, in the order the channels were added. */
  @SuppressWarnings("unchecked")
  void forEach(Consumer<? super T> action) {
    Object[] t = tables;
    for (int i = 1; i < t.length; i += 2) {
      action.accept((T) t[i]);
    }
  }
}
