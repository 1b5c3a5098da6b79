package io.scrm.core.store;

import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An open-addressing hash table (linear probing) of references to packed groups, 4 bytes per slot
 * plus 2 for the writer's bookkeeping. It stores no keys: a reader probes from the key's hash and
 * asks each group it meets whether it holds the key. A group with several keys (a contact with three
 * identities) fills one slot per key, told apart by the key's index within the group.
 *
 * <p>One writer at a time (the caller's lock); readers take no lock. Slots are published with
 * volatile writes, removed keys leave a tombstone, and nothing is ever moved inside a table, so a
 * reader never misses a key that stays in the table while a writer works. A tombstone is never
 * filled again: a key moved to another group is added after its old slot on its probe path, so a
 * reader finds it in one group or the other. A full table is rebuilt by the caller into a new one
 * and published as a whole, without the tombstones.
 */
final class ProbeTable {
  /** Marks a slot whose key was removed; readers probe past it. */
  static final byte[] TOMBSTONE = new byte[0];

  private final AtomicReferenceArray<byte[]> slots;
  private final short[] which;
  private final int capacity;
  private int live;
  private int used;

  /**
   * A table that holds {@code expected} keys before it is {@link #crowded}: the fewest slots, of at
   * least 16, that keep them under the threshold ({@link LookupTable#capacityFor}).
   */
  ProbeTable(int expected) {
    capacity = LookupTable.capacityFor(expected, ArrayLengths.MAX);
    slots = new AtomicReferenceArray<>(capacity);
    which = new short[capacity];
  }

  int live() {
    return live;
  }

  /**
   * Whether more than 70 % of the slots would be used (live or tombstone) after {@code more} inserts
   * into empty slots, so that probes get long: rebuild it with {@code new ProbeTable((live() + more)
   * * 5 / 4)}, which doubles a table of live keys and shrinks one of mostly tombstones.
   */
  boolean crowded(int more) {
    return used + (long) more > (long) capacity * 7 / 10;
  }

  private int home(int hash) {
    return ArrayLengths.home(LookupTable.spread(hash), capacity);
  }

  private int after(int i) {
    return i + 1 == capacity ? 0 : i + 1;
  }

  /** The first group on the key's probe path that {@code holds} says holds the key, or null. */
  byte @Nullable [] find(int hash, Predicate<byte[]> holds) {
    return read(hash, group -> holds.test(group) ? group : null);
  }

  /** What the first group on the key's probe path that holds the key says, or null if none does. */
  <T> @Nullable T read(int hash, Function<byte[], @Nullable T> readIfHeld) {
    for (int i = home(hash); ; i = after(i)) {
      byte[] group = slots.get(i);
      if (group == null) {
        return null;
      }
      if (group != TOMBSTONE) {
        T found = readIfHeld.apply(group);
        if (found != null) {
          return found;
        }
      }
    }
  }

  /** Every group on the key's probe path that holds the key (a group may come more than once). */
  void forEach(int hash, Predicate<byte[]> holds, Consumer<byte[]> action) {
    for (int i = home(hash); ; i = after(i)) {
      byte[] group = slots.get(i);
      if (group == null) {
        return;
      }
      if (group != TOMBSTONE && holds.test(group)) {
        action.accept(group);
      }
    }
  }

  /** What {@link #forEachSlot} does with each live slot. */
  interface SlotAction {
    void accept(byte[] group, int index);
  }

  /** Every live slot: its group and the key's index in it; writer only. */
  void forEachSlot(SlotAction action) {
    for (int i = 0; i < capacity; i++) {
      byte[] group = slots.get(i);
      if (group != null && group != TOMBSTONE) {
        action.accept(group, which[i]);
      }
    }
  }

  /** The number of slots. */
  int capacity() {
    return capacity;
  }

  /** Adds the key with the given index within its group; writer only. */
  void insert(int hash, byte[] group, int index) {
    for (int i = home(hash); ; i = after(i)) {
      byte[] held = slots.get(i);
      if (held == null) {
        if (used + 2 >= capacity) {
          // at most 2^30 - 16 slots: a table that cannot grow keeps one empty slot to end every probe
          throw new IllegalStateException("in-memory table full: " + live + " keys");
        }
        which[i] = (short) index;
        slots.set(i, group);
        live++;
        used++;
        return;
      }
    }
  }

  /** Points the key's slot at the group's new version and index; writer only. */
  void replace(int hash, byte[] old, int oldIndex, byte[] group, int index) {
    int i = slotOf(hash, old, oldIndex);
    which[i] = (short) index;
    slots.set(i, group);
  }

  /** Removes the key; writer only. */
  void remove(int hash, byte[] old, int oldIndex) {
    slots.set(slotOf(hash, old, oldIndex), TOMBSTONE);
    live--;
  }

  private int slotOf(int hash, byte[] group, int index) {
    for (int i = home(hash); ; i = after(i)) {
      byte[] held = slots.get(i);
      if (held == null) {
        throw new IllegalStateException("packed table lost a key (index " + index + ")");
      }
      if (held == group && which[i] == index) {
        return i;
      }
    }
  }
}
