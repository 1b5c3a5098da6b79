package io.scrm.core.store;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The embedded default: every store in memory, thread-safe. */
final class InMemoryStores implements Stores {
  /** Entries a map holds before its first resize when no size is expected. */
  static final int DEFAULT_CAPACITY = 16;

  private final InMemoryDirectory directory;
  private final InMemoryInteractions interactions;
  private final Cases cases;
  private final Leads leads;
  private final InMemoryOutbox outbox;
  private final EarlyDeletionStore earlyDeletions = EarlyDeletionStore.inMemory();

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
    outbox = new InMemoryOutbox(capacity);
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

  @Override
  public EarlyDeletionStore earlyDeletions() {
    return earlyDeletions;
  }

  private static final Comparator<Case> BY_OPENING = Comparator.comparing(Case::openedAt).thenComparing(Case::id);

  private static final class Cases extends InMemoryVersionedStore<CaseId, Case> implements CaseStore {
    /**
     * The open case of each thread, and every case of each thread. Keyed per channel by the case's
     * own thread string, so that a case adds no key object to either index. The first channel's
     * pair is sized for the store; a later channel's starts small and grows, so that a sized store
     * does not keep a full pair for every channel it hears.
     */
    private final ByChannel<LookupTable<String, CaseId>> openByThread;
    private final ByChannel<Index<String, CaseId>> byThread;
    private final InteractionMap<CaseId> byInteraction;
    private final Index<ContactId, CaseId> byContact;

    Cases(int capacity) {
      super("case", capacity);
      openByThread = new ByChannel<>(n -> new LookupTable<>(n == 0 ? capacity : DEFAULT_CAPACITY));
      byThread = new ByChannel<>(n -> new Index<>(n == 0 ? capacity / 2 : DEFAULT_CAPACITY));
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
        CaseId holder = openIn(next.originChannel(), next.originThread());
        if (holder != null && !holder.equals(next.id())) {
          throw new DuplicateKeyException("open case of thread", next.originChannel() + ":" + next.originThread());
        }
      }
    }

    private static boolean sameThread(Case a, Case b) {
      return a.originThread().equals(b.originThread()) && a.originChannel().equals(b.originChannel());
    }

    private @Nullable CaseId openIn(ChannelId channel, String thread) {
      LookupTable<String, CaseId> open = openByThread.get(channel);
      return open == null ? null : open.get(thread);
    }

    @Override
    void reindex(@Nullable Case previous, @Nullable Case next) {
      CaseId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      boolean wasOpen = previous != null && previous.open();
      boolean isOpen = next != null && next.open();
      boolean moved = previous == null || next == null || !sameThread(previous, next);
      if (wasOpen && (!isOpen || moved)) {
        openByThread.getOrAdd(previous.originChannel()).removeIf(previous.originThread(), id);
      }
      if (isOpen && (!wasOpen || moved)) {
        openByThread.getOrAdd(next.originChannel()).put(next.originThread(), id);
      }
      if (moved) {
        if (previous != null) {
          byThread.getOrAdd(previous.originChannel()).remove(previous.originThread(), id);
        }
        if (next != null) {
          byThread.getOrAdd(next.originChannel()).add(next.originThread(), id);
        }
      }
      byContact.move(previous, next, Case::contactId, id);
      remap(byInteraction::put, byInteraction::removeIf, previous == null ? List.of() : previous.interactions(),
          next == null ? List.of() : next.interactions(), id);
    }

    @Override
    public Optional<Case> findOpenByThread(ChannelId channel, String thread) {
      // looked up as stored (as PostgreSQL does): a U+0000 or lone surrogate became U+FFFD there
      String threadId = StorableText.storable(Objects.requireNonNull(thread, "threadId"));
      CaseId id = openIn(Objects.requireNonNull(channel, "channel"), threadId);
      // the index is read without the lock: the case may have closed or moved since
      return id == null ? Optional.empty()
          : find(id).filter(c -> c.open() && c.originChannel().equals(channel) && c.originThread().equals(threadId));
    }

    @Override
    public Optional<Case> findLatestByThread(ChannelId channel, String thread) {
      String threadId = StorableText.storable(Objects.requireNonNull(thread, "threadId"));
      Index<String, CaseId> cases = byThread.get(Objects.requireNonNull(channel, "channel"));
      List<Case> all = cases == null ? List.of() : rowsOf(cases, threadId,
          c -> c.originChannel().equals(channel) && c.originThread().equals(threadId), BY_OPENING);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Optional<Case> findByInteraction(InteractionId interaction) {
      CaseId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id).filter(c -> c.interactions().contains(interaction));
    }

    @Override
    public List<Case> findByContact(ContactId contact) {
      return rowsOf(byContact, Objects.requireNonNull(contact, "contact"), c -> c.contactId().equals(contact),
          BY_OPENING);
    }

    @Override
    public boolean delete(CaseId id, long version) {
      return deleteAt(id, version);
    }

    @Override
    public List<Case> findOpen() {
      Map<CaseId, Case> open = new HashMap<>();
      openByThread.forEach(table -> table.forEachValue(id -> find(id).filter(Case::open)
          .ifPresent(c -> open.put(c.id(), c))));
      List<Case> sorted = new ArrayList<>(open.values());
      sorted.sort(BY_OPENING);
      return List.copyOf(sorted);
    }
  }

  private static final Comparator<Lead> BY_CREATION = Comparator.comparing(Lead::createdAt).thenComparing(Lead::id);

  private static final class Leads extends InMemoryVersionedStore<LeadId, Lead> implements LeadStore {
    private final Index<ContactId, LeadId> byContact;
    private final InteractionMap<LeadId> byInteraction;
    /** The open leads of each thread (of any prospect), per channel, keyed by the lead's own thread string. */
    private final ByChannel<Index<String, LeadId>> openByThread;

    Leads(int capacity) {
      super("lead", capacity);
      byContact = new Index<>(capacity / 2);
      byInteraction = new InteractionMap<>(capacity);
      openByThread = new ByChannel<>(n -> new Index<>(n == 0 ? capacity / 2 : DEFAULT_CAPACITY));
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
    void checkUnique(@Nullable Lead previous, Lead next) {
      // an open lead that stays open in its thread, of its prospect, holds the key already
      String thread = next.sourceThread();
      if (!keyed(next) || previous != null && keyed(previous) && sameKey(previous, next)) {
        return;
      }
      for (Lead l : findOpenByThread(next.sourceChannel(), thread)) {
        if (l.contactId().equals(next.contactId()) && !l.id().equals(next.id())) {
          throw new DuplicateKeyException("open lead of thread", next.sourceChannel() + ":" + thread);
        }
      }
    }

    private static boolean keyed(Lead l) {
      return l.open() && l.sourceThread() != null;
    }

    private static boolean sameKey(Lead a, Lead b) {
      return a.contactId().equals(b.contactId()) && a.sourceChannel().equals(b.sourceChannel())
          && Objects.equals(a.sourceThread(), b.sourceThread());
    }

    @Override
    public List<Lead> findOpenByThread(ChannelId channel, String thread) {
      String threadId = StorableText.storable(Objects.requireNonNull(thread, "threadId"));
      Index<String, LeadId> open = openByThread.get(Objects.requireNonNull(channel, "channel"));
      // the index is read without the lock: a lead may have ended or moved since
      return open == null ? List.of() : rowsOf(open, threadId,
          l -> l.open() && threadId.equals(l.sourceThread()) && l.sourceChannel().equals(channel), BY_CREATION);
    }

    @Override
    void reindex(@Nullable Lead previous, @Nullable Lead next) {
      LeadId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      boolean was = previous != null && keyed(previous);
      boolean is = next != null && keyed(next);
      boolean moved = !was || !is || !sameKey(previous, next);
      if (was && moved) {
        openByThread.getOrAdd(previous.sourceChannel()).remove(previous.sourceThread(), id);
      }
      if (is && moved) {
        openByThread.getOrAdd(next.sourceChannel()).add(next.sourceThread(), id);
      }
      byContact.move(previous, next, Lead::contactId, id);
      remap(byInteraction::put, byInteraction::removeIf, previous == null ? List.of() : previous.interactions(),
          next == null ? List.of() : next.interactions(), id);
    }

    @Override
    public List<Lead> findByContact(ContactId contact) {
      return rowsOf(byContact, Objects.requireNonNull(contact, "contact"), l -> l.contactId().equals(contact),
          BY_CREATION);
    }

    @Override
    public Optional<Lead> findByInteraction(InteractionId interaction) {
      LeadId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id).filter(l -> l.interactions().contains(interaction));
    }
  }
}
