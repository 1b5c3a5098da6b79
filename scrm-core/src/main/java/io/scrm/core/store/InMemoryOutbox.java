package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.PackedBytes.In;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.StampedLock;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory outbox. Its rows are packed ({@link PackedOutbound}, after the id) into the chunks of
 * a {@link RowSlab}, and found through {@link RowTable}s of row numbers: by id, by idempotency key, by
 * recipient, and by status for dead and cancelled messages. The pending messages are also in a
 * {@link PendingQueue}, oldest first, which claims walk from the front. Sent messages, most of the
 * outbox, are in no index of their own: the few reads of all of them scan the rows. A stored message
 * is no object on the heap.
 *
 * <p>Writes, claims included, take the write lock of a {@link StampedLock}. Reads take no lock: they
 * read optimistically, copy the rows they found, and check that no write overlapped (see {@link
 * OptimisticRead}). Rows are decoded from the copies, after the check.
 *
 * <p>A write decodes no more than it returns: an update or delete reads what it needs of the old row
 * (version, status, times, key, recipient, conversation) from its bytes, and a claim patches the
 * version and next attempt into each row's bytes ({@link PackedOutbound#retimed}).
 */
final class InMemoryOutbox implements OutboxStore {
  private static final String ENTITY = "outbound message";
  private static final Comparator<OutboundMessage> BY_CREATED =
      Comparator.comparing(OutboundMessage::createdAt).thenComparing(OutboundMessage::id);
  private static final byte[][] NO_ROWS = new byte[0][];
  private static final byte[] ABSENT = new byte[0];

  private final StampedLock lock = new StampedLock();
  private final RowSlab slab;
  private final RowTable byId;
  private final RowTable byKey;
  private final RowTable byRecipient;
  /** Dead and cancelled messages, by status. */
  private final RowTable byStatus;
  /** Pending messages, by conversation: most conversations hold one. */
  private final RowTable byConversation;
  private final PendingQueue pending;
  /** Encodes rows; used only under the write lock. */
  private final PackedBytes.Out scratch = new PackedBytes.Out(PackedBytes.Out.INITIAL);

  /** An outbox for about {@code capacity} messages before its tables grow. */
  InMemoryOutbox(int capacity) {
    slab = new RowSlab(capacity);
    byId = new RowTable(capacity, this::hasId);
    byKey = new RowTable(capacity, this::hasKey);
    // two-way, as an erasure deletes a customer's messages oldest first, from the far end of the chain
    byRecipient = new RowTable(capacity / 2, this::hasRecipient, true);
    byStatus = new RowTable(4, this::hasStatus, true); // dead letters leave in any order when redriven
    byConversation = new RowTable(capacity / 2, this::inConversation, true);
    pending = new PendingQueue(this::compareIds);
  }

  /** A cursor at the start of a row: its id. */
  private In at(int row) {
    In in = new In(slab.chunk(row));
    in.at = slab.offset(row);
    return in;
  }

  private boolean hasId(int row, Object id, @Nullable Object unused) {
    return at(row).stringEquals((String) id);
  }

  private boolean hasKey(int row, Object key, @Nullable Object unused) {
    In in = at(row);
    int start = in.at;
    in.skipString();
    in.varint();
    in.u8();
    if ((in.u8() & PackedOutbound.OWN_KEY) == 0) {
      in.at = start; // the id is the key
    }
    return in.stringEquals((String) key);
  }

  private boolean hasRecipient(int row, Object recipient, @Nullable Object unused) {
    In in = at(row);
    in.skipString();
    PackedOutbound.toChannel(in);
    PackedOutbound.channelToRecipient(in);
    return in.stringEquals((String) recipient);
  }

  private boolean hasStatus(int row, Object status, @Nullable Object unused) {
    return statusOf(row) == status;
  }

  private OutboxStatus statusOf(int row) {
    In in = at(row);
    in.skipString();
    return PackedOutbound.status(in);
  }

  private long versionOf(int row) {
    In in = at(row);
    in.skipString();
    return in.varint();
  }

  private String keyOf(int row) {
    In in = at(row);
    String id = in.string();
    in.varint();
    in.u8();
    return (in.u8() & PackedOutbound.OWN_KEY) != 0 ? in.string() : id;
  }

  private String recipientOf(int row) {
    In in = at(row);
    in.skipString();
    PackedOutbound.toChannel(in);
    PackedOutbound.channelToRecipient(in);
    return in.string();
  }

  /**
   * Whether a row is of a conversation: {@code channel, thread} or {@code channel, recipient} (a
   * message without a thread), or that of another row, given as an {@link Integer}.
   */
  private boolean inConversation(int row, Object a, @Nullable Object b) {
    if (a instanceof Integer other) {
      return sameConversation(row, other);
    }
    In in = at(row);
    in.skipString();
    boolean threaded = (PackedOutbound.toChannel(in) & PackedOutbound.THREAD) != 0;
    if (threaded != b instanceof String || !PackedOutbound.channelEquals(in, (ChannelId) a)) {
      return false;
    }
    if (b instanceof ContactId recipient) {
      return in.stringEquals(recipient.value());
    }
    in.skipString();
    return in.stringEquals((String) Objects.requireNonNull(b));
  }

  /** The creation time of a row. */
  private Instant createdAt(int row) {
    return toCreatedAt(row).instant();
  }

  /** A cursor at a row's creation time. */
  private In toCreatedAt(int row) {
    In in = at(row);
    in.skipString();
    int flags = PackedOutbound.toChannel(in);
    PackedOutbound.channelToRecipient(in);
    in.skipString();
    if ((flags & PackedOutbound.THREAD) != 0) {
      in.skipString();
    }
    return in;
  }

  /**
   * Whether no pending message of a pending row's conversation is older (by creation time, then
   * id). Walks the conversation's pending rows, which are most often the row alone.
   */
  private boolean firstOfConversation(int row, int conversation) {
    boolean[] first = {true};
    Instant created = createdAt(row);
    long seconds = created.getEpochSecond();
    int nanos = created.getNano();
    boolean whole = byConversation.forEach(conversation, row, null, slab.rows(), other -> {
      if (other != row && first[0]) {
        int c = toCreatedAt(other).compareInstant(seconds, nanos);
        first[0] = c > 0 || c == 0 && compareIds(other, row) > 0;
      }
    });
    if (!whole) {
      throw new IllegalStateException("a chain longer than the store");
    }
    return first[0];
  }

  private int compareIds(int a, int b) {
    return at(a).compareString(at(b));
  }

  /** Whether two rows are of one conversation: the channel, then the thread or, without one, the recipient. */
  private boolean sameConversation(int a, int b) {
    In x = at(a);
    x.skipString();
    int xFlags = PackedOutbound.toChannel(x);
    In y = at(b);
    y.skipString();
    int yFlags = PackedOutbound.toChannel(y);
    if ((xFlags & PackedOutbound.THREAD) != (yFlags & PackedOutbound.THREAD)) {
      return false;
    }
    ChannelId channel = x.channel();
    if (!PackedOutbound.channelEquals(y, channel)) {
      return false;
    }
    x.u8();
    x.varint();
    if ((xFlags & PackedOutbound.THREAD) == 0) {
      return x.sameString(y);
    }
    x.skipString();
    y.skipString();
    return x.sameString(y);
  }

  /** What names a message's conversation besides its channel: its thread, or else its recipient. */
  private static Object conversationOf(OutboundMessage m) {
    return m.threadId() != null ? m.threadId() : m.recipient();
  }

  /** The hash of a message's conversation, as {@link #sameConversation} tells them apart. */
  private static int conversationHash(OutboundMessage m) {
    int channel = m.channel().name().hashCode() * 31;
    return m.threadId() != null ? channel + m.threadId().hashCode() : ~(channel + m.recipient().value().hashCode());
  }

  /** The row of an id, or -1. */
  private int rowOf(OutboundId id) {
    return byId.find(id.value().hashCode(), id.value(), null);
  }

  private static OutboundMessage decode(byte[] row) {
    return decode(new In(row));
  }

  /** The message of a row, read from its chunk; under the write lock. */
  private OutboundMessage decode(int row) {
    return decode(at(row));
  }

  private static OutboundMessage decode(In in) {
    OutboundId id = new OutboundId(in.string());
    return PackedOutbound.read(id, in);
  }

  private static List<OutboundMessage> decodeAll(byte[][] rows) {
    List<OutboundMessage> out = new ArrayList<>(rows.length);
    for (byte[] row : rows) {
      out.add(decode(row));
    }
    return out;
  }

  @Override
  public Optional<OutboundMessage> find(OutboundId key) {
    Objects.requireNonNull(key, "key");
    byte[] row = OptimisticRead.read(lock, () -> {
      int r = rowOf(key);
      return r < 0 ? ABSENT : slab.copy(r);
    });
    if (row == ABSENT) {
      return Optional.empty();
    }
    In in = new In(row);
    in.skipString();
    return Optional.of(PackedOutbound.read(key, in));
  }

  @Override
  public List<OutboundMessage> findDue(Instant now, int limit) {
    Objects.requireNonNull(now, "now");
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0, was " + limit);
    }
    return List.copyOf(decodeAll(OptimisticRead.read(lock, () -> copyAll(pending.walk(now, limit, false,
        this::firstOfConversation)))));
  }

  @Override
  public List<OutboundMessage> claimDue(Instant now, Instant leaseUntil, int limit) {
    Objects.requireNonNull(now, "now");
    Objects.requireNonNull(leaseUntil, "leaseUntil");
    if (!leaseUntil.isAfter(now)) {
      throw new IllegalArgumentException("leaseUntil must be after now");
    }
    if (limit <= 0) {
      throw new IllegalArgumentException("limit must be > 0, was " + limit);
    }
    // the walk, which passes over every message in backoff, runs without blocking writers where it
    // can: it is kept if no write came between it and taking the write lock
    long stamp = 0;
    int[] positions = null;
    for (int i = 0; i < OptimisticRead.TRIES && positions == null; i++) {
      long seen = lock.tryOptimisticRead();
      if (seen != 0) {
        try {
          int[] walked = pending.walk(now, limit, false, this::firstOfConversation);
          stamp = lock.tryConvertToWriteLock(seen);
          positions = stamp != 0 ? walked : null;
        } catch (RuntimeException overlapped) {
          // read while a write changed the queue: walk again
        }
      }
      if (positions == null) {
        Thread.onSpinWait();
      }
    }
    if (positions == null) {
      stamp = lock.writeLock();
    }
    try {
      if (positions == null) {
        positions = pending.walk(now, limit, false, this::firstOfConversation);
      }
      // read every claim before the first is written, so that a failure leaves none half-claimed
      OutboundMessage[] claimed = new OutboundMessage[positions.length];
      for (int k = 0; k < positions.length; k++) {
        OutboundMessage due = decode(pending.row(positions[k]));
        claimed[k] = due.retryAt(leaseUntil).withVersion(due.version() + 1);
      }
      // a claim changes only the version and next attempt: the new bytes are the old ones, patched
      for (int k = 0; k < positions.length; k++) {
        int row = pending.row(positions[k]);
        try {
          PackedOutbound.retimed(at(row), slab.offset(row) + slab.length(row), scratch.clear(), claimed[k]);
          slab.replace(row, scratch.buf, scratch.size);
        } finally {
          scratch.wipe();
        }
        pending.setDue(positions[k], leaseUntil);
      }
      return List.of(claimed);
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public List<OutboundMessage> findByStatus(OutboxStatus status) {
    Objects.requireNonNull(status, "status");
    byte[][] rows = OptimisticRead.read(lock, () -> switch (status) {
      case PENDING -> copyAll(pending.walk(Instant.MAX, Integer.MAX_VALUE, true, (row, conversation) -> true));
      case SENT -> scan(OutboxStatus.SENT);
      default -> byStatus.copyRows(status.ordinal(), status, null, slab);
    });
    List<OutboundMessage> out = decodeAll(rows);
    if (status != OutboxStatus.PENDING) {
      out.sort(BY_CREATED);
    }
    return List.copyOf(out);
  }

  @Override
  public List<OutboundMessage> findByRecipient(ContactId recipient) {
    Objects.requireNonNull(recipient, "recipient");
    List<OutboundMessage> out = decodeAll(OptimisticRead.read(lock,
        () -> byRecipient.copyRows(recipient.value().hashCode(), recipient.value(), null, slab)));
    out.sort(BY_CREATED);
    return List.copyOf(out);
  }

  /** Copies of the rows at the queue's positions. */
  private byte[][] copyAll(int[] positions) {
    byte[][] rows = new byte[positions.length][];
    for (int k = 0; k < positions.length; k++) {
      rows[k] = slab.copy(pending.row(positions[k]));
    }
    return rows;
  }

  /** Copies of the rows with a status, from all rows; null if what it saw cannot be the store. */
  private byte @Nullable [][] scan(OutboxStatus status) {
    List<byte[]> seen = new ArrayList<>();
    int rows = slab.rows();
    for (int r = 0; r < rows; r++) {
      if (slab.isLive(r) && hasStatus(r, status, null)) {
        seen.add(slab.copy(r));
      }
    }
    return seen.size() > slab.live() ? null : seen.toArray(NO_ROWS);
  }

  @Override
  public OutboundMessage create(OutboundMessage value) {
    Objects.requireNonNull(value, "value");
    if (value.version() != 0) {
      throw new IllegalArgumentException("version must be 0 to create a " + ENTITY + ", was " + value.version());
    }
    OutboundMessage stored = value.withVersion(1);
    long stamp = lock.writeLock();
    try {
      if (rowOf(stored.id()) >= 0) {
        throw new DuplicateKeyException(ENTITY, stored.id().value());
      }
      checkKey(stored, -1);
      int row;
      try {
        row = slab.add(encode(stored), scratch.size);
      } finally {
        scratch.wipe();
      }
      byId.add(stored.id().value().hashCode(), row, stored.id().value(), null);
      byKey.add(stored.idempotencyKey().hashCode(), row, stored.idempotencyKey(), null);
      byRecipient.add(stored.recipient().value().hashCode(), row, stored.recipient().value(), null);
      indexStatus(row, stored);
      return stored;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public OutboundMessage update(OutboundMessage value) {
    Objects.requireNonNull(value, "value");
    OutboundId key = value.id();
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      long current = row < 0 ? -1 : versionOf(row);
      if (current != value.version()) {
        throw new StaleVersionException(ENTITY, key.value(), value.version(), current);
      }
      checkKey(value, row);
      OutboundMessage stored = value.withVersion(value.version() + 1);
      // the old message is not decoded: what the update needs of it is read from its bytes
      OutboxStatus status = statusOf(row);
      Instant created = createdAt(row);
      // a message that stays where it is in the queue only has its next attempt moved
      boolean inPlace = status == OutboxStatus.PENDING && stored.status() == OutboxStatus.PENDING
          && created.equals(stored.createdAt()) && inConversation(row, stored.channel(), conversationOf(stored));
      String oldKey = hasKey(row, stored.idempotencyKey(), null) ? null : keyOf(row);
      String oldRecipient = hasRecipient(row, stored.recipient().value(), null) ? null : recipientOf(row);
      try {
        byte[] bytes = encode(stored); // before anything changes, in case it fails
        // the tables tell rows apart by their bytes: the row leaves them while its bytes are the old ones
        if (!inPlace) {
          unindexStatus(row, status);
        }
        if (oldKey != null) {
          byKey.remove(oldKey.hashCode(), row, oldKey, null);
        }
        if (oldRecipient != null) {
          byRecipient.remove(oldRecipient.hashCode(), row, oldRecipient, null);
        }
        slab.replace(row, bytes, scratch.size);
      } finally {
        scratch.wipe();
      }
      if (inPlace) {
        pending.setDue(pending.positionOf(row), stored.nextAttemptAt());
      } else {
        indexStatus(row, stored);
      }
      if (oldKey != null) {
        byKey.add(stored.idempotencyKey().hashCode(), row, stored.idempotencyKey(), null);
      }
      if (oldRecipient != null) {
        byRecipient.add(stored.recipient().value().hashCode(), row, stored.recipient().value(), null);
      }
      return stored;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  @Override
  public boolean delete(OutboundId key) {
    Objects.requireNonNull(key, "key");
    long stamp = lock.writeLock();
    try {
      int row = rowOf(key);
      if (row < 0) {
        return false;
      }
      unindexStatus(row, statusOf(row));
      String oldKey = keyOf(row);
      String oldRecipient = recipientOf(row);
      byKey.remove(oldKey.hashCode(), row, oldKey, null);
      byRecipient.remove(oldRecipient.hashCode(), row, oldRecipient, null);
      byId.remove(key.value().hashCode(), row, key.value(), null);
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

  /** Refuses a message whose idempotency key another row holds; under the write lock. */
  private void checkKey(OutboundMessage value, int row) {
    int holder = byKey.find(value.idempotencyKey().hashCode(), value.idempotencyKey(), null);
    if (holder >= 0 && holder != row) {
      throw new DuplicateKeyException("outbound message idempotency key", value.idempotencyKey());
    }
  }

  /** Puts a row into the queue if pending, or into its status's chain if dead or cancelled. */
  private void indexStatus(int row, OutboundMessage m) {
    switch (m.status()) {
      case PENDING -> {
        pending.add(row, m.createdAt(), m.nextAttemptAt(), conversationHash(m));
        byConversation.add(conversationHash(m), row, m.channel(), conversationOf(m));
      }
      case DEAD, CANCELLED -> byStatus.add(m.status().ordinal(), row, m.status(), null);
      case SENT -> { }
    }
  }

  /** Takes a row of a status out of the queue or its status's chain, while its bytes are those it was indexed with. */
  private void unindexStatus(int row, OutboxStatus status) {
    switch (status) {
      case PENDING -> {
        int at = pending.positionOf(row);
        if (at < 0) {
          throw new IllegalStateException("a pending " + ENTITY + " missing from the queue: " + at(row).string());
        }
        int conversation = pending.conversation(at);
        pending.remove(at);
        byConversation.remove(conversation, row, row, null); // the row itself names its conversation
      }
      case DEAD, CANCELLED -> byStatus.remove(status.ordinal(), row, status, null);
      case SENT -> { }
    }
  }

  /** The row's bytes (the id, then the packed message) in the scratch buffer; wipe it after use. */
  private byte[] encode(OutboundMessage value) {
    PackedBytes.Out out = scratch.clear();
    out.string(value.id().value());
    PackedOutbound.write(value, out);
    return out.buf;
  }
}
