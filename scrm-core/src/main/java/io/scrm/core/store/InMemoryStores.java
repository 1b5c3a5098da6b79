package io.scrm.core.store;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The embedded default: every store in memory, thread-safe. */
final class InMemoryStores implements Stores {
  private final Contacts contacts = new Contacts();
  private final Identities identities = new Identities();
  private final Interactions interactions = new Interactions();
  private final Cases cases = new Cases();
  private final Leads leads = new Leads();
  private final Outbox outbox = new Outbox();

  @Override
  public ContactStore contacts() {
    return contacts;
  }

  @Override
  public IdentityStore identities() {
    return identities;
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

  private static final class Contacts extends InMemoryVersionedStore<ContactId, Contact> implements ContactStore {
    private final Index<String, ContactId> byPoint = new Index<>();

    Contacts() {
      super("contact");
    }

    @Override
    ContactId key(Contact value) {
      return value.id();
    }

    @Override
    long version(Contact value) {
      return value.version();
    }

    @Override
    Contact withVersion(Contact value, long version) {
      return value.withVersion(version);
    }

    @Override
    void reindex(@Nullable Contact previous, @Nullable Contact next) {
      ContactId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      byPoint.move(previous, next, Contacts::pointKeys, id);
    }

    private static List<String> pointKeys(Contact c) {
      List<String> keys = new ArrayList<>(c.contactPoints().size());
      for (ContactPoint p : c.contactPoints()) {
        keys.add(contactPointKey(p.type(), p.value()));
      }
      return keys;
    }

    @Override
    public List<Contact> findByContactPoint(ContactPointType type, String value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      return rowsOf(byPoint.get(contactPointKey(type, value)), Comparator.comparing(Contact::id));
    }
  }

  private static final class Identities extends InMemoryVersionedStore<IdentityKey, Identity>
      implements IdentityStore {
    private final Index<ContactId, IdentityKey> byContact = new Index<>();

    Identities() {
      super("identity");
    }

    @Override
    IdentityKey key(Identity value) {
      return value.key();
    }

    @Override
    long version(Identity value) {
      return value.version();
    }

    @Override
    Identity withVersion(Identity value, long version) {
      return value.withVersion(version);
    }

    @Override
    void reindex(@Nullable Identity previous, @Nullable Identity next) {
      IdentityKey key = previous != null ? previous.key() : Objects.requireNonNull(next).key();
      byContact.move(previous, next, i -> List.of(i.contactId()), key);
    }

    @Override
    public List<Identity> findByContact(ContactId contact) {
      return rowsOf(byContact.get(Objects.requireNonNull(contact, "contact")), Comparator.comparing(Identity::key));
    }
  }

  private static final Comparator<Interaction> BY_OCCURRENCE =
      Comparator.comparing(Interaction::occurredAt).thenComparing(Interaction::id);

  private static final class Interactions extends InMemoryVersionedStore<InteractionId, Interaction>
      implements InteractionStore {
    private final Index<String, InteractionId> byThread = new Index<>();
    private final Index<IdentityKey, InteractionId> byAuthor = new Index<>();

    Interactions() {
      super("interaction");
    }

    @Override
    InteractionId key(Interaction value) {
      return value.id();
    }

    @Override
    long version(Interaction value) {
      return value.version();
    }

    @Override
    Interaction withVersion(Interaction value, long version) {
      return value.withVersion(version);
    }

    @Override
    void reindex(@Nullable Interaction previous, @Nullable Interaction next) {
      InteractionId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      byThread.move(previous, next, i -> List.of(threadKey(i.channel(), i.threadId())), id);
      byAuthor.move(previous, next, i -> List.of(i.author()), id);
    }

    @Override
    public List<Interaction> findByThread(ChannelId channel, String threadId) {
      return rowsOf(byThread.get(threadKey(channel, threadId)), BY_OCCURRENCE);
    }

    @Override
    public List<Interaction> findByAuthor(IdentityKey author) {
      return rowsOf(byAuthor.get(Objects.requireNonNull(author, "author")), BY_OCCURRENCE);
    }
  }

  static String threadKey(ChannelId channel, String threadId) {
    return Objects.requireNonNull(channel, "channel").name() + ":" + Objects.requireNonNull(threadId, "threadId");
  }

  private static final Comparator<Case> BY_OPENING = Comparator.comparing(Case::openedAt).thenComparing(Case::id);

  private static final class Cases extends InMemoryVersionedStore<CaseId, Case> implements CaseStore {
    private final Map<String, CaseId> openByThread = new ConcurrentHashMap<>();
    private final Index<String, CaseId> byThread = new Index<>();
    private final Map<InteractionId, CaseId> byInteraction = new ConcurrentHashMap<>();
    private final Index<ContactId, CaseId> byContact = new Index<>();

    Cases() {
      super("case");
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
      if (next.open()) {
        CaseId holder = openByThread.get(threadKey(next.originChannel(), next.originThread()));
        if (holder != null && !holder.equals(next.id())) {
          throw new DuplicateKeyException("open case of thread",
              threadKey(next.originChannel(), next.originThread()));
        }
      }
    }

    @Override
    void reindex(@Nullable Case previous, @Nullable Case next) {
      CaseId id = previous != null ? previous.id() : Objects.requireNonNull(next).id();
      if (previous != null && previous.open()) {
        openByThread.remove(threadKey(previous.originChannel(), previous.originThread()), id);
      }
      if (next != null && next.open()) {
        openByThread.put(threadKey(next.originChannel(), next.originThread()), id);
      }
      byThread.move(previous, next, c -> List.of(threadKey(c.originChannel(), c.originThread())), id);
      byContact.move(previous, next, c -> List.of(c.contactId()), id);
      if (previous != null) {
        for (InteractionId i : previous.interactions()) {
          byInteraction.remove(i, id);
        }
      }
      if (next != null) {
        for (InteractionId i : next.interactions()) {
          byInteraction.put(i, id);
        }
      }
    }

    @Override
    public Optional<Case> findOpenByThread(ChannelId channel, String threadId) {
      CaseId id = openByThread.get(threadKey(channel, threadId));
      return id == null ? Optional.empty() : find(id);
    }

    @Override
    public Optional<Case> findLatestByThread(ChannelId channel, String threadId) {
      List<Case> all = rowsOf(byThread.get(threadKey(channel, threadId)), BY_OPENING);
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Optional<Case> findByInteraction(InteractionId interaction) {
      CaseId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id);
    }

    @Override
    public List<Case> findByContact(ContactId contact) {
      return rowsOf(byContact.get(Objects.requireNonNull(contact, "contact")), BY_OPENING);
    }

    @Override
    public List<Case> findOpen() {
      return rowsOf(new java.util.HashSet<>(openByThread.values()), BY_OPENING);
    }
  }

  private static final Comparator<Lead> BY_CREATION = Comparator.comparing(Lead::createdAt).thenComparing(Lead::id);

  private static final class Leads extends InMemoryVersionedStore<LeadId, Lead> implements LeadStore {
    private final Index<ContactId, LeadId> byContact = new Index<>();
    private final Map<InteractionId, LeadId> byInteraction = new ConcurrentHashMap<>();

    Leads() {
      super("lead");
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
      byContact.move(previous, next, l -> List.of(l.contactId()), id);
      if (previous != null) {
        for (InteractionId i : previous.interactions()) {
          byInteraction.remove(i, id);
        }
      }
      if (next != null) {
        for (InteractionId i : next.interactions()) {
          byInteraction.put(i, id);
        }
      }
    }

    @Override
    public List<Lead> findByContact(ContactId contact) {
      return rowsOf(byContact.get(Objects.requireNonNull(contact, "contact")), BY_CREATION);
    }

    @Override
    public Optional<Lead> findByInteraction(InteractionId interaction) {
      LeadId id = byInteraction.get(Objects.requireNonNull(interaction, "interaction"));
      return id == null ? Optional.empty() : find(id);
    }
  }

  private static final Comparator<OutboundMessage> BY_CREATED =
      Comparator.comparing(OutboundMessage::createdAt).thenComparing(OutboundMessage::id);

  private static final class Outbox extends InMemoryVersionedStore<OutboundId, OutboundMessage>
      implements OutboxStore {
    private final Map<String, OutboundId> byIdempotencyKey = new ConcurrentHashMap<>();
    private final Index<OutboxStatus, OutboundId> byStatus = new Index<>();
    private final Index<ContactId, OutboundId> byRecipient = new Index<>();
    private final Object claimLock = new Object();

    Outbox() {
      super("outbound message");
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
        byIdempotencyKey.remove(previous.idempotencyKey(), id);
      }
      if (next != null) {
        byIdempotencyKey.put(next.idempotencyKey(), id);
      }
      byStatus.move(previous, next, m -> List.of(m.status()), id);
      byRecipient.move(previous, next, m -> List.of(m.recipient()), id);
    }

    @Override
    public List<OutboundMessage> findDue(Instant now, int limit) {
      Objects.requireNonNull(now, "now");
      if (limit <= 0) {
        throw new IllegalArgumentException("limit must be > 0, was " + limit);
      }
      List<OutboundMessage> pending = rowsOf(byStatus.get(OutboxStatus.PENDING), BY_CREATED);
      List<OutboundMessage> due = new ArrayList<>();
      for (OutboundMessage m : pending) {
        if (!m.nextAttemptAt().isAfter(now)) {
          due.add(m);
          if (due.size() == limit) {
            break;
          }
        }
      }
      return List.copyOf(due);
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
      return rowsOf(byStatus.get(Objects.requireNonNull(status, "status")), BY_CREATED);
    }

    @Override
    public List<OutboundMessage> findByRecipient(ContactId recipient) {
      return rowsOf(byRecipient.get(Objects.requireNonNull(recipient, "recipient")), BY_CREATED);
    }
  }
}
