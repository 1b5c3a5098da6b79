package io.scrm.core.store;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** The embedded default: every store in memory, thread-safe. */
final class InMemoryStores implements Stores {
  /** Entries a map holds before its first resize when no size is expected. */
  static final int DEFAULT_CAPACITY = 16;

  private final InMemoryDirectory directory;
  private final InMemoryInteractions interactions;
  private final Cases cases;
  private final Leads leads;
  private final Outbox outbox;

  /**
   * Creates the stores with every store's rows and unique keys sized for {@code capacity} entries
   * and every secondary index for half as many attributes, so that none resizes (which happens on
   * the writing thread and takes milliseconds at a few hundred thousand entries) before then.
   */
  InMemoryStores(int capacity) {
    if (capacity < 0) {
      throw new IllegalArgumentException("expected size must be >= 0, was " + capacity);
    }
    directory = new InMemoryDirectory(capacity);
    interactions = new InMemoryInteractions(capacity);
    cases = new Cases(capacity);
    leads = new Leads(capacity);
    outbox = new Outbox(capacity);
  }

  @Override
  public boolean inProcess() {
    return true;
  }

  @Override
  public ContactStore contacts() {
    return directory.contacts();
  }

  @Override
  public IdentityStore identities() {
    return directory.identities();
  }

  @Override
  public InteractionStore interactions() {
    return interactions;
  }

  @Override
  public CaseStore cases() {
    return cases;
  }

  @Override
  public LeadStore leads() {
    return leads;
  }

  @Override
  public OutboxStore outbox() {
    return outbox;
  }

  static String contactPointKey(ContactPointType type, String value) {
    String v = type == ContactPointType.EMAIL ? value.trim().toLowerCase(Locale.ROOT) : value.trim();
    return type.name() + ":" + v;
  }

  /** A thread of a channel, as an index key (cheaper than a concatenated string). */
  record ThreadKey(ChannelId channel, String thread) {
    static ThreadKey of(ChannelId channel, String thread) {
      return new ThreadKey(Objects.requireNonNull(channel, "channel"), Objects.requireNonNull(thread, "threadId"));
    }

    static ThreadKey origin(Case c) {
      return new ThreadKey(c.originChannel(), c.originThread());
    }

    @Override
    public String toString() {
      return channel.name() + ":" + thread;
    }
  }

  private static final Comparator<Case> BY_OPENING = Comparator.comparing(Case::openedAt).thenComparing(Case::id);

  private static final class Cases extends InMemoryVersionedStore<CaseId, Case> implements CaseStore {
    private final LookupTable<ThreadKey, CaseId> openByThread;
    private final Index<ThreadKey, CaseId> byThread;
    private final InteractionMap<CaseId> byInteraction;
    private final Index<ContactId, CaseId> byContact;

    Cases(int capacity) {
      super("case", capacity);
      openByThread = new LookupTable<>(capacity);
      byThread = new Index<>(capacity / 2);
      byInteraction = new InteractionMap<>(capacity);
      byContact = new Index<>(capacity / 2);
    }

    @Override
    CaseId key(Case value) {
      return value.id();
    }

    @Override
    long version(Case value) {
      return value.version();
    }

    @Override
    Case withVersion(Case value, long version) {
      return value.withVersion(version);
    }

    @Override
    void checkUnique(@Nullable Case previous, Case next) {
      // an open case that stays open in its thread holds the key already
      if (next.open() && !(previous != null && previous.open() && sameThread(previous, next))) {
        ThreadKey thread = ThreadKey.origin(next);
        CaseId holder = openByThread.get(thread);
        if (holder != null && !holder.equals(next.id())) {
          throw new DuplicateKeyException("open case of thread", thread.toString());
        }
      }
    }

    private static boolean sameThread(Case a, Case b) {
      return a.originThread().equals(b.originThread()) && a.originChannel().equals(b.originChannel());
    }

    @Override
    void reindex(@Nullable Case previous, @Nullable Case next) {
      CaseId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      boolean wasOpen = previous != null && previous.open();
      boolean isOpen = next != null && next.open();
      boolean moved = previous == null || next == null || !sameThread(previous, next);
      if (wasOpen && (!isOpen || moved)) {
        openByThread.removeIf(ThreadKey.origin(previous), id);
      }
      // both thread indexes keep the same key instance: one object less per case
      ThreadKey nextThread = next != null && (moved || !wasOpen) ? ThreadKey.origin(next) : null;
      if (isOpen && (!wasOpen || moved)) {
        openByThread.put(nextThread, id);
      }
      if (moved) {
        byThread.move(previous, next, c -> c == next ? nextThread : ThreadKey.origin(c), id);
      }
      byContact.move(previous, next, Case::contactId, id);
      remap(byInteraction::put, byInteraction::removeIf, previous == null ? List.of() : previous.interactions(),
          next == null ? List.of() : next.interactions(), id);
    }

    @Override
    public Optional<Case> findOpenByThread(ChannelId channel, String threadId) {
      CaseId id = openByThread.get(ThreadKey.of(channel, threadId));
      return id == null ? Optional.empty() : find(id);
    }

    @Override
    public Optional<Case> findLatestByThread(ChannelId channel, String threadId) {
      List<Case> all = rowsOf(byThread, ThreadKey.of(channel, threadId), BY_OPENING);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Optional<Case> findByInteraction(InteractionId interaction) {
      CaseId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id);
    }

    @Override
    public List<Case> findByContact(ContactId contact) {
      return rowsOf(byContact, Objects.requireNonNull(contact, "contact"), BY_OPENING);
    }

    @Override
    public List<Case> findOpen() {
      List<Case> open = new ArrayList<>();
      openByThread.forEachValue(id -> find(id).ifPresent(open::add));
      open.sort(BY_OPENING);
      return List.copyOf(open);
    }
  }

  private static final Comparator<Lead> BY_CREATION = Comparator.comparing(Lead::createdAt).thenComparing(Lead::id);

  private static final class Leads extends InMemoryVersionedStore<LeadId, Lead> implements LeadStore {
    private final Index<ContactId, LeadId> byContact;
    private final InteractionMap<LeadId> byInteraction;

    Leads(int capacity) {
      super("lead", capacity);
      byContact = new Index<>(capacity / 2);
      byInteraction = new InteractionMap<>(capacity);
    }

    @Override
    LeadId key(Lead value) {
      return value.id();
    }

    @Override
    long version(Lead value) {
      return value.version();
    }

    @Override
    Lead withVersion(Lead value, long version) {
      return value.withVersion(version);
    }

    @Override
    void reindex(@Nullable Lead previous, @Nullable Lead next) {
      LeadId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      byContact.move(previous, next, Lead::contactId, id);
      remap(byInteraction::put, byInteraction::removeIf, previous == null ? List.of() : previous.interactions(),
          next == null ? List.of() : next.interactions(), id);
    }

    @Override
    public List<Lead> findByContact(ContactId contact) {
      return rowsOf(byContact, Objects.requireNonNull(contact, "contact"), BY_CREATION);
    }

    @Override
    public Optional<Lead> findByInteraction(InteractionId interaction) {
      LeadId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id);
    }
  }

  private static final Comparator<OutboundMessage> BY_CREATED =
      Comparator.comparing(OutboundMessage::createdAt).thenComparing(OutboundMessage::id);

  /**
   * A pending message's place in the outbox queue, in the order of {@link #BY_CREATED}. Holds no
   * message text, so replacing a message (e.g. when its text is erased) leaves no old copy behind.
   */
  record Queued(Instant createdAt, OutboundId id) implements Comparable<Queued> {
    static Queued of(OutboundMessage message) {
      return new Queued(message.createdAt(), message.id());
    }

    @Override
    public int compareTo(Queued other) {
      int byTime = createdAt.compareTo(other.createdAt);
      return byTime != 0 ? byTime : id.compareTo(other.id);
    }
  }

  /**
   * The conversation of an outbound message, as {@link OutboundMessage#conversation()} names it, without
   * building its name: the channel and thread, or the channel and recipient without a thread.
   */
  record Conversation(ChannelId channel, @Nullable String thread, @Nullable ContactId recipient) {
    static Conversation of(OutboundMessage message) {
      return message.threadId() != null ? new Conversation(message.channel(), message.threadId(), null)
          : new Conversation(message.channel(), null, message.recipient());
    }
  }

  private static final class Outbox extends InMemoryVersionedStore<OutboundId, OutboundMessage>
      implements OutboxStore {
    private final LookupTable<String, OutboundId> byIdempotencyKey;
    /** Every status but pending: those messages are in {@link #pending}. */
    private final Index<OutboxStatus, OutboundId> byStatus;
    private final Index<ContactId, OutboundId> byRecipient;
    /**
     * The pending messages as stored, oldest first. {@link #findDue} walks from the front and stops at
     * its limit, so a claim costs the messages it passes over and returns, not the whole backlog.
     * Written under the store's lock, read without one.
     */
    private final ConcurrentSkipListMap<Queued, OutboundMessage> pending = new ConcurrentSkipListMap<>();
    /**
     * The pending messages of each conversation, where they are in {@link #pending}: a message is due
     * only while no older one of its conversation is pending. Most conversations hold one.
     */
    private final Index<Conversation, Queued> pendingByConversation;
    /** Odd while a pending message moves to a new place in the queue; written under the store's lock. */
    private volatile long moves;
    private final Object claimLock = new Object();

    Outbox(int capacity) {
      super("outbound message", capacity);
      byIdempotencyKey = new LookupTable<>(capacity);
      // few statuses, but sent may hold every message
      byStatus = new Index<>(DEFAULT_CAPACITY, capacity);
      byRecipient = new Index<>(capacity / 2);
      pendingByConversation = new Index<>(capacity / 2);
    }

    /** Whether no older message of a pending message's conversation is pending. */
    private boolean firstOfConversation(OutboundMessage message) {
      Object held = pendingByConversation.held(Conversation.of(message));
      if (held == null) {
        return true;
      }
      Queued self = Queued.of(message);
      boolean[] first = {true};
      // during a move the message may be there twice, at its old place and its new one
      Index.<Queued>forEach(held, q -> first[0] &= q.id().equals(self.id()) || q.compareTo(self) > 0);
      return first[0];
    }

    @Override
    OutboundId key(OutboundMessage value) {
      return value.id();
    }

    @Override
    long version(OutboundMessage value) {
      return value.version();
    }

    @Override
    OutboundMessage withVersion(OutboundMessage value, long version) {
      return value.withVersion(version);
    }

    @Override
    void checkUnique(@Nullable OutboundMessage previous, OutboundMessage next) {
      OutboundId holder = byIdempotencyKey.get(next.idempotencyKey());
      if (holder != null && !holder.equals(next.id())) {
        throw new DuplicateKeyException("outbound message idempotency key", next.idempotencyKey());
      }
    }

    @Override
    void reindex(@Nullable OutboundMessage previous, @Nullable OutboundMessage next) {
      OutboundId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      if (previous != null) {
        byIdempotencyKey.removeIf(previous.idempotencyKey(), id);
      }
      if (next != null) {
        byIdempotencyKey.put(next.idempotencyKey(), id);
      }
      OutboxStatus before = previous == null ? null : previous.status();
      OutboxStatus after = next == null ? null : next.status();
      Queued was = before == OutboxStatus.PENDING ? Queued.of(previous) : null;
      Queued is = after == OutboxStatus.PENDING ? Queued.of(next) : null;
      Conversation wasIn = was == null ? null : Conversation.of(previous);
      Conversation isIn = is == null ? null : Conversation.of(next);
      boolean regrouped = was != null && is != null && (!was.equals(is) || !wasIn.equals(isIn));
      // a reader that finds a message in the queue finds it in its conversation, and one that finds a
      // message gone from its conversation finds it gone from the queue: added there first, removed last
      if (is != null && (was == null || regrouped)) {
        pendingByConversation.add(isIn, is);
      }
      if (was != null && is != null && !was.equals(is)) {
        // a new place in the queue: readers that overlap the move read again (see readQueue)
        moves++;
        try {
          pending.put(is, next);
          pending.remove(was);
        } finally {
          moves++; // even again whatever happened, or readers would wait forever
        }
      } else if (is != null) {
        // the same place: the value is replaced in one step, so no reader misses the message
        pending.put(is, next);
      } else if (was != null) {
        pending.remove(was);
      }
      if (was != null && (is == null || regrouped)) {
        pendingByConversation.remove(wasIn, was);
      }
      if (before != after) {
        if (before != null && before != OutboxStatus.PENDING) {
          byStatus.remove(before, id);
        }
        if (after != null && after != OutboxStatus.PENDING) {
          byStatus.add(after, id);
        }
      }
      byRecipient.move(previous, next, OutboundMessage::recipient, id);
    }

    @Override
    public List<OutboundMessage> findDue(Instant now, int limit) {
      Objects.requireNonNull(now, "now");
      if (limit <= 0) {
        throw new IllegalArgumentException("limit must be > 0, was " + limit);
      }
      return readQueue(() -> {
        List<OutboundMessage> due = new ArrayList<>(Math.min(limit, 256));
        for (OutboundMessage m : pending.values()) {
          if (!m.nextAttemptAt().isAfter(now) && firstOfConversation(m)) {
            due.add(m);
            if (due.size() == limit) {
              break;
            }
          }
        }
        return List.copyOf(due);
      });
    }

    @Override
    public List<OutboundMessage> claimDue(Instant now, Instant leaseUntil, int limit) {
      Objects.requireNonNull(leaseUntil, "leaseUntil");
      if (!leaseUntil.isAfter(now)) {
        throw new IllegalArgumentException("leaseUntil must be after now");
      }
      synchronized (claimLock) {
        List<OutboundMessage> claimed = new ArrayList<>();
        for (OutboundMessage due : findDue(now, limit)) {
          try {
            claimed.add(update(due.retryAt(leaseUntil)));
          } catch (StaleVersionException changed) {
            // changed by a writer outside the claim (e.g. marked sent): not due any more
          }
        }
        return List.copyOf(claimed);
      }
    }

    @Override
    public List<OutboundMessage> findByStatus(OutboxStatus status) {
      if (Objects.requireNonNull(status, "status") == OutboxStatus.PENDING) {
        return readQueue(() -> List.copyOf(pending.values()));
      }
      return rowsOf(byStatus, status, BY_CREATED);
    }

    /**
     * Reads the queue without a lock. A walk of a skip list that overlaps a move (a pending message
     * whose creation time changed gets a new place) could pass the new place before it is filled
     * and the old one after it is emptied; such a read starts over. Moves are rare (the engine never
     * changes a creation time), so reads almost never repeat.
     */
    private <T> T readQueue(Supplier<T> read) {
      while (true) {
        long before = moves;
        if ((before & 1) == 0) {
          T result = read.get();
          VarHandle.acquireFence(); // the walk's reads happen before the check, as in StampedLock.validate
          if (moves == before) {
            return result;
          }
        }
        Thread.onSpinWait();
      }
    }

    @Override
    public List<OutboundMessage> findByRecipient(ContactId recipient) {
      return rowsOf(byRecipient, Objects.requireNonNull(recipient, "recipient"), BY_CREATED);
    }
  }
}
