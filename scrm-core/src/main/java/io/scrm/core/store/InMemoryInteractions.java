package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.PackedBytes.In;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory interaction store. Its rows are packed ({@link PackedInteraction}, after the id) into
 * the chunks of a {@link RowSlab}, and found through {@link RowTable}s of row numbers: by id, by thread
 * and by author. A stored message is no object on the heap, and storing one writes no reference into
 * a large table; before, each was a byte array held by its id in a table of references, and each
 * thread and author an index entry of its own.
 *
 * <p>Writes take the write lock of a {@link StampedLock}. Reads take no lock: they read optimistically,
 * copy the rows they found, and check that no write overlapped; if one did, they read again (see
 * {@link OptimisticRead}). Rows are decoded from the copies, after the check.
 */
final class InMemoryInteractions implements InteractionStore {
  private static final String ENTITY = "interaction";
  private static final Comparator<Interaction> BY_OCCURRENCE =
      Comparator.comparing(Interaction::occurredAt).thenComparing(Interaction::id);

  private final StampedLock lock = new StampedLock();
  private final RowSlab slab;
  private final RowTable byId;
  private final RowTable byThread;
  private final RowTable byAuthor;
  /** Encodes rows; used only under the write lock. */
  private final PackedBytes.Out scratch = new PackedBytes.Out(PackedBytes.Out.INITIAL);

  /** A store for about {@code capacity} interactions before its tables grow. */
  InMemoryInteractions(int capacity) {
    slab = new RowSlab(capacity);
    byId = new RowTable(capacity, this::hasId);
    byThread = new RowTable(capacity / 2, this::inThread);
    byAuthor = new RowTable(capacity / 2, this::byAuthor);
  }

  private static int idHash(String id) {
    return id.hashCode();
  }

  private static int pairHash(ChannelId channel, String value) {
    return channel.name().hashCode() * 31 + value.hashCode();
  }

  /** A cursor at the start of a row: its id. */
  private In at(int row) {
    In in = new In(slab.chunk(row));
    in.at = slab.offset(row);
    return in;
  }

  /** A cursor at a row's channel, past its id and version. */
  private In atChannel(int row) {
    In in = at(row);
    in.skipString();
    in.varint();
    return in;
  }

  private boolean hasId(int row, Object id, @Nullable Object unused) {
    return at(row).stringEquals((String) id);
  }

  private boolean inThread(int row, Object channel, @Nullable Object thread) {
    In in = atChannel(row);
    if (!in.channelEquals((ChannelId) channel)) {
      return false;
    }
    in.at += 4; // direction, visibility, kind, flags
    return in.stringEquals((String) Objects.requireNonNull(thread));
  }

  private boolean byAuthor(int row, Object channel, @Nullable Object handle) {
    In in = atChannel(row);
    if (!in.channelEquals((ChannelId) channel)) {
      return false;
    }
    in.at += 4;
    in.skipString(); // thread
    return in.stringEquals((String) Objects.requireNonNull(handle));
  }

  /** The row of an id, or -1. */
  private int rowOf(InteractionId id) {
    return byId.find(idHash(id.value()), id.value(), null);
  }

  private static Interaction decode(byte[] row) {
    In in = new In(row);
    InteractionId id = new InteractionId(in.string());
    return PackedInteraction.read(id, in);
  }

  private static Interaction decode(InteractionId id, byte[] row) {
    In in = new In(row);
    in.skipString();
    return PackedInteraction.read(id, in);
  }

  private static final byte[] ABSENT = new byte[0];

  @Override
  public Optional<Interaction> find(InteractionId key) {
    Objects.requireNonNull(key, "key");
    byte[] row = OptimisticRead.read(lock, () -> {
      int r = rowOf(key);
      return r < 0 ? ABSENT : slab.copy(r);
    });
    return row == ABSENT ? Optional.empty() : Optional.of(decode(key, row));
  }

  @Override
  public List<Interaction> findByThread(ChannelId channel, String threadId) {
    Objects.requireNonNull(channel, "channel");
    // looked up as stored (as PostgreSQL does): a U+0000 or lone surrogate became U+FFFD there
    String thread = StorableText.storable(Objects.requireNonNull(threadId, "threadId"));
    return rowsOf(byThread, pairHash(channel, thread), channel, thread);
  }

  @Override
  public List<Interaction> findByAuthor(IdentityKey author) {
    Objects.requireNonNull(author, "author");
    String handle = StorableText.storable(author.handle());
    return rowsOf(byAuthor, pairHash(author.channel(), handle), author.channel(), handle);
  }

  private List<Interaction> rowsOf(RowTable table, int hash, ChannelId channel, String value) {
    byte[][] rows = OptimisticRead.read(lock, () -> table.copyRows(hash, channel, value, slab));
    List<Interaction> out = new ArrayList<>(rows.length);
    for (byte[] row : rows) {
      out.add(decode(row));
    }
    out.sort(BY_OCCURRENCE);
    return List.copyOf(out);
  }

  @Override
  public Interaction create(Interaction value) {
    Objects.requireNonNull(value, "value");
    if (value.version() != 0) {
      throw new IllegalArgumentException("version must be 0 to create a " + ENTITY + ", was " + value.version());
    }
    Interaction stored = value.withVersion(1);
    String id = stored.id().value();
    long stamp = lock.writeLock();
    try {
      if (rowOf(stored.id()) >= 0) {
        throw new DuplicateKeyException(ENTITY, id);
      }
      int row;
      try {
        row = slab.add(encode(stored), scratch.size);
      } finally {
        scratch.wipe();
      }
      byId.add(idHash(id), row, id, null);
      index(row, stored);
      return stored;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public Interaction update(Interaction value) {
    Objects.requireNonNull(value, "value");
    InteractionId key = value.id();
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      long current = row < 0 ? -1 : storedVersion(row);
      if (current != value.version()) {
        throw new StaleVersionException(ENTITY, key.value(), value.version(), current);
      }
      Interaction stored = value.withVersion(value.version() + 1);
      Interaction previous = decode(key, slab.copy(row));
      boolean moved = !sameIndexes(previous, stored);
      try {
        byte[] bytes = encode(stored); // before anything changes, in case it fails
        if (moved) {
          unindex(row, previous);
        }
        slab.replace(row, bytes, scratch.size);
      } finally {
        scratch.wipe();
      }
      if (moved) {
        index(row, stored);
      }
      return stored;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public boolean delete(InteractionId key) {
    Objects.requireNonNull(key, "key");
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      if (row < 0) {
        return false;
      }
      Interaction previous = decode(key, slab.copy(row));
      unindex(row, previous);
      byId.remove(idHash(key.value()), row, key.value(), null);
      slab.remove(row);
      return true;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public long count() {
    return OptimisticRead.live(lock, slab);
  }

  /** The stored version of a row, under the write lock. */
  private long storedVersion(int row) {
    In in = at(row);
    in.skipString();
    return in.varint();
  }

  /** The row's bytes (the id, then the packed interaction) in the scratch buffer; wipe it after use. */
  private byte[] encode(Interaction value) {
    PackedBytes.Out out = scratch.clear();
    out.string(value.id().value());
    PackedInteraction.write(value, out);
    return out.buf;
  }

  private static boolean sameIndexes(Interaction a, Interaction b) {
    return a.channel().equals(b.channel()) && a.threadId().equals(b.threadId())
        && a.authorHandle().equals(b.authorHandle());
  }

  private void index(int row, Interaction value) {
    byThread.add(pairHash(value.channel(), value.threadId()), row, value.channel(), value.threadId());
    byAuthor.add(pairHash(value.channel(), value.authorHandle()), row, value.channel(), value.authorHandle());
  }

  private void unindex(int row, Interaction value) {
    byThread.remove(pairHash(value.channel(), value.threadId()), row, value.channel(), value.threadId());
    byAuthor.remove(pairHash(value.channel(), value.authorHandle()), row, value.channel(), value.authorHandle());
  }
}
