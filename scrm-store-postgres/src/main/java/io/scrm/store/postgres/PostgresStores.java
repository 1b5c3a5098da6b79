package io.scrm.store.postgres;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.ScrmJson;
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
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.ContactStore;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.EarlyDeletionStore;
import io.scrm.core.store.IdentityStore;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.LeadStore;
import io.scrm.core.store.OutboxStore;
import io.scrm.core.store.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The scrm stores on PostgreSQL, shared by any number of instances of the host application.
 * Thread-safe; every operation is one transaction on a connection from the host's {@link
 * DataSource} (use a pool such as HikariCP).
 *
 * <p>Each entity is stored as a JSONB document with real columns for its keys and queries. The
 * database enforces the unique keys the engine relies on across instances: one interaction per
 * (channel, external id), one open case per thread, one outbox message per idempotency key. Updates
 * are optimistic ({@code UPDATE ... WHERE id = ? AND version = ?}). Outbox leases use {@code SELECT
 * ... FOR UPDATE SKIP LOCKED}. The schema is created and migrated at start-up by versioned SQL
 * scripts, idempotently and under an advisory lock.
 *
 * <pre>{@code
 * Stores stores = PostgresStores.builder().dataSource(hikari).build();
 * SocialCrm crm = SocialCrm.builder().stores(stores).build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresStores implements Stores {
  private final Db db;
  private final Contacts contacts;
  private final Identities identities;
  private final Interactions interactions;
  private final Cases cases;
  private final Leads leads;
  private final Outbox outbox;
  private final PostgresEarlyDeletions earlyDeletions;

  private PostgresStores(Builder b) {
    this.db = new Db(Objects.requireNonNull(b.dataSource, "dataSource"));
    if (b.migrate) {
      SchemaMigrations.migrate(db);
    }
    ObjectMapper json = ScrmJson.newObjectMapper();
    contacts = new Contacts(db, json);
    identities = new Identities(db, json);
    interactions = new Interactions(db, json);
    cases = new Cases(db, json);
    leads = new Leads(db, json);
    outbox = new Outbox(db, json);
    earlyDeletions = new PostgresEarlyDeletions(db, EarlyDeletionStore.DEFAULT_RETENTION);
  }

  /**
   * Returns a new builder.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the schema version the database is at.
   *
   * @return the number of applied migrations
   */
  public int schemaVersion() {
    return db.tx("schema version", SchemaMigrations::currentVersion);
  }

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

  /**
   * Returns the deletions heard before their messages, shared by every instance and kept for {@link
   * EarlyDeletionStore#DEFAULT_RETENTION}.
   *
   * @return early deletions
   */
  @Override
  public EarlyDeletionStore earlyDeletions() {
    return earlyDeletions;
  }

  /**
   * Builds {@link PostgresStores}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private @Nullable DataSource dataSource;
    private boolean migrate = true;

    private Builder() {}

    /**
     * Sets the data source (required).
     *
     * @param value a pooled data source of the host
     * @return this builder
     */
    public Builder dataSource(DataSource value) {
      dataSource = Objects.requireNonNull(value, "dataSource");
      return this;
    }

    /**
     * Sets whether to apply pending schema migrations when the stores are built.
     *
     * @param value default true
     * @return this builder
     */
    public Builder migrateOnStart(boolean value) {
      migrate = value;
      return this;
    }

    /**
     * Builds the stores, migrating the schema first unless disabled.
     *
     * @return the stores
     * @throws NullPointerException if no data source was set
     * @throws PostgresStoreException if the database cannot be reached or migrated
     */
    public PostgresStores build() {
      if (dataSource == null) {
        throw new NullPointerException("dataSource");
      }
      return new PostgresStores(this);
    }
  }

  static String threadKey(ChannelId channel, String threadId) {
    // a null thread would be the thread named "null"
    return Objects.requireNonNull(channel, "channel").name() + ":" + Objects.requireNonNull(threadId, "threadId");
  }

  /** Brings a link table in line with the entity: deletes links it lost, inserts the ones it gained. */
  private static void syncLinks(Connection c, String table, String ownerColumn, String linkColumn, String owner,
      Collection<String> before, Collection<String> after) throws SQLException {
    java.util.Set<String> removed = new java.util.LinkedHashSet<>(before);
    removed.removeAll(after);
    java.util.Set<String> added = new java.util.LinkedHashSet<>(after);
    added.removeAll(before);
    if (!removed.isEmpty()) {
      try (PreparedStatement del = c.prepareStatement(
          "DELETE FROM " + table + " WHERE " + ownerColumn + " = ? AND " + linkColumn + " = ?")) {
        for (String link : removed) {
          Db.bind(del, owner, link);
          del.addBatch();
        }
        del.executeBatch();
      }
    }
    if (!added.isEmpty()) {
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + table + " (" + ownerColumn + ", " + linkColumn
          + ") VALUES (?, ?) ON CONFLICT DO NOTHING")) {
        for (String link : added) {
          Db.bind(ins, owner, link);
          ins.addBatch();
        }
        ins.executeBatch();
      }
    }
  }

  private static List<String> interactionIds(@Nullable List<InteractionId> ids) {
    return ids == null ? List.of() : ids.stream().map(InteractionId::value).toList();
  }

  private static final class Contacts extends JdbcVersionedStore<ContactId, Contact> implements ContactStore {
    Contacts(Db db, ObjectMapper json) {
      super(db, json, "contact", "scrm_contact", Contact.class, List.of("id"));
    }

    @Override
    ContactId key(Contact value) {
      return value.id();
    }

    @Override
    List<Object> keyValues(ContactId key) {
      return List.of(key.value());
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
    Map<String, Object> columns(Contact value) {
      return Map.of("id", value.id().value());
    }

    @Override
    void afterWrite(Connection c, @Nullable Contact previous, @Nullable Contact next) throws SQLException {
      if (next != null) {
        syncLinks(c, "scrm_contact_point", "contact_id", "point_key", next.id().value(), pointKeys(previous),
            pointKeys(next));
      }
    }

    private static List<String> pointKeys(@Nullable Contact contact) {
      return contact == null ? List.of()
          : contact.contactPoints().stream().map(p -> ContactPoint.key(p.type(), p.value())).distinct().toList();
    }

    @Override
    public List<Contact> findByContactPoint(ContactPointType type, String value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      return query("SELECT c.version, c.doc FROM scrm_contact c JOIN scrm_contact_point p ON p.contact_id = c.id "
          + "WHERE p.point_key = ?", Comparator.comparing(Contact::id), ContactPoint.key(type, value));
    }
  }

  private static final class Identities extends JdbcVersionedStore<IdentityKey, Identity> implements IdentityStore {
    Identities(Db db, ObjectMapper json) {
      super(db, json, "identity", "scrm_identity", Identity.class, List.of("channel", "handle"));
    }

    @Override
    IdentityKey key(Identity value) {
      return value.key();
    }

    @Override
    List<Object> keyValues(IdentityKey key) {
      return List.of(key.channel().name(), key.handle());
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
    Map<String, Object> columns(Identity value) {
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("channel", value.key().channel().name());
      cols.put("handle", value.key().handle());
      cols.put("contact_id", value.contactId().value());
      return cols;
    }

    @Override
    public List<Identity> findByContact(ContactId contact) {
      return query("SELECT version, doc FROM scrm_identity WHERE contact_id = ?", Comparator.comparing(Identity::key),
          Objects.requireNonNull(contact, "contact").value());
    }

    /** Reads the contact id column alone, without parsing the identity's document. */
    @Override
    public Optional<ContactId> findContactId(IdentityKey key) {
      Objects.requireNonNull(key, "key");
      return db.read("find contact of identity", c -> {
        try (PreparedStatement ps = c.prepareStatement(
            "SELECT contact_id FROM scrm_identity WHERE channel = ? AND handle = ?")) {
          Db.bind(ps, keyValues(key).toArray());
          try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(ContactId.of(rs.getString(1))) : Optional.empty();
          }
        }
      });
    }
  }

  private static final Comparator<Interaction> BY_OCCURRENCE =
      Comparator.comparing(Interaction::occurredAt).thenComparing(Interaction::id);

  private static final class Interactions extends JdbcVersionedStore<InteractionId, Interaction>
      implements InteractionStore {
    Interactions(Db db, ObjectMapper json) {
      super(db, json, "interaction", "scrm_interaction", Interaction.class, List.of("id"));
    }

    @Override
    InteractionId key(Interaction value) {
      return value.id();
    }

    @Override
    List<Object> keyValues(InteractionId key) {
      return List.of(key.value());
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
    Map<String, Object> columns(Interaction value) {
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("id", value.id().value());
      cols.put("channel", value.channel().name());
      cols.put("external_id", value.externalId());
      cols.put("thread_id", value.threadId());
      cols.put("author", value.author().toString());
      cols.put("occurred_at", value.occurredAt());
      return cols;
    }

    @Override
    public List<Interaction> findByThread(ChannelId channel, String threadId) {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(threadId, "threadId");
      return query("SELECT version, doc FROM scrm_interaction WHERE channel = ? AND thread_id = ?", BY_OCCURRENCE,
          channel.name(), threadId);
    }

    @Override
    public List<Interaction> findByAuthor(IdentityKey author) {
      return query("SELECT version, doc FROM scrm_interaction WHERE author = ?", BY_OCCURRENCE, author.toString());
    }
  }

  private static final Comparator<Case> BY_OPENING = Comparator.comparing(Case::openedAt).thenComparing(Case::id);

  private static final class Cases extends JdbcVersionedStore<CaseId, Case> implements CaseStore {
    Cases(Db db, ObjectMapper json) {
      super(db, json, "case", "scrm_case", Case.class, List.of("id"));
    }

    @Override
    CaseId key(Case value) {
      return value.id();
    }

    @Override
    List<Object> keyValues(CaseId key) {
      return List.of(key.value());
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
    Map<String, Object> columns(Case value) {
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("id", value.id().value());
      cols.put("contact_id", value.contactId().value());
      cols.put("thread_key", threadKey(value.originChannel(), value.originThread()));
      cols.put("is_open", value.open());
      cols.put("opened_at", value.openedAt());
      return cols;
    }

    @Override
    DuplicateKeyException duplicate(Case value) {
      return new DuplicateKeyException("open case of thread", threadKey(value.originChannel(), value.originThread()));
    }

    @Override
    void afterWrite(Connection c, @Nullable Case previous, @Nullable Case next) throws SQLException {
      if (next != null) {
        syncLinks(c, "scrm_case_interaction", "case_id", "interaction_id", next.id().value(),
            interactionIds(previous == null ? null : previous.interactions()), interactionIds(next.interactions()));
      }
    }

    @Override
    public Optional<Case> findOpenByThread(ChannelId channel, String threadId) {
      return query("SELECT version, doc FROM scrm_case WHERE thread_key = ? AND is_open", BY_OPENING,
          threadKey(channel, threadId)).stream().findFirst();
    }

    @Override
    public Optional<Case> findLatestByThread(ChannelId channel, String threadId) {
      List<Case> all = query("SELECT version, doc FROM scrm_case WHERE thread_key = ?", BY_OPENING,
          threadKey(channel, threadId));
      return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
    }

    @Override
    public Optional<Case> findByInteraction(InteractionId interaction) {
      return query("SELECT c.version, c.doc FROM scrm_case c JOIN scrm_case_interaction i ON i.case_id = c.id "
          + "WHERE i.interaction_id = ?", BY_OPENING, interaction.value()).stream().findFirst();
    }

    @Override
    public List<Case> findByContact(ContactId contact) {
      return query("SELECT version, doc FROM scrm_case WHERE contact_id = ?", BY_OPENING, contact.value());
    }

    @Override
    public boolean delete(CaseId id, long version) {
      return deleteAt(id, version);
    }

    @Override
    public List<Case> findOpen() {
      return query("SELECT version, doc FROM scrm_case WHERE is_open", BY_OPENING);
    }
  }

  private static final Comparator<Lead> BY_CREATION = Comparator.comparing(Lead::createdAt).thenComparing(Lead::id);

  private static final class Leads extends JdbcVersionedStore<LeadId, Lead> implements LeadStore {
    Leads(Db db, ObjectMapper json) {
      super(db, json, "lead", "scrm_lead", Lead.class, List.of("id"));
    }

    @Override
    LeadId key(Lead value) {
      return value.id();
    }

    @Override
    List<Object> keyValues(LeadId key) {
      return List.of(key.value());
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
    Map<String, Object> columns(Lead value) {
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("id", value.id().value());
      cols.put("contact_id", value.contactId().value());
      cols.put("created_at", value.createdAt());
      String thread = value.sourceThread();
      cols.put("thread_key", thread == null ? null : threadKey(value.sourceChannel(), thread));
      cols.put("is_open", value.open());
      return cols;
    }

    @Override
    DuplicateKeyException duplicate(Lead value) {
      return new DuplicateKeyException("open lead of thread",
          threadKey(value.sourceChannel(), String.valueOf(value.sourceThread())));
    }

    @Override
    void afterWrite(Connection c, @Nullable Lead previous, @Nullable Lead next) throws SQLException {
      if (next != null) {
        syncLinks(c, "scrm_lead_interaction", "lead_id", "interaction_id", next.id().value(),
            interactionIds(previous == null ? null : previous.interactions()), interactionIds(next.interactions()));
      }
    }

    @Override
    public List<Lead> findByContact(ContactId contact) {
      return query("SELECT version, doc FROM scrm_lead WHERE contact_id = ?", BY_CREATION, contact.value());
    }

    @Override
    public List<Lead> findOpenByThread(ChannelId channel, String threadId) {
      return query("SELECT version, doc FROM scrm_lead WHERE thread_key = ? AND is_open", BY_CREATION,
          threadKey(channel, threadId));
    }

    @Override
    public Optional<Lead> findByInteraction(InteractionId interaction) {
      return query("SELECT l.version, l.doc FROM scrm_lead l JOIN scrm_lead_interaction i ON i.lead_id = l.id "
          + "WHERE i.interaction_id = ?", BY_CREATION, interaction.value()).stream().findFirst();
    }
  }

  private static final Comparator<OutboundMessage> BY_CREATED =
      Comparator.comparing(OutboundMessage::createdAt).thenComparing(OutboundMessage::id);

  private static final class Outbox extends JdbcVersionedStore<OutboundId, OutboundMessage> implements OutboxStore {
    /** No older message of the row {@code o}'s conversation is pending: a conversation's messages go out in order. */
    private static final String FIRST_OF_CONVERSATION = "NOT EXISTS (SELECT 1 FROM scrm_outbox p WHERE "
        + "p.status = 'PENDING' AND p.conversation = o.conversation "
        + "AND (p.created_at, p.created_ns, p.id COLLATE \"C\") < (o.created_at, o.created_ns, o.id COLLATE \"C\"))";
    /** Oldest first as {@link #BY_CREATED} orders: the nanoseconds the column cuts off, ids by code point. */
    /** Due at a time (bound three times: the time, the time, its nanoseconds below the microsecond). */
    private static final String DUE = "next_attempt_at <= ? AND (next_attempt_at, next_ns) <= (?, ?)";
    private static final String OLDEST_FIRST = " ORDER BY created_at, created_ns, id COLLATE \"C\"";
    Outbox(Db db, ObjectMapper json) {
      super(db, json, "outbound message", "scrm_outbox", OutboundMessage.class, List.of("id"));
    }

    @Override
    OutboundId key(OutboundMessage value) {
      return value.id();
    }

    @Override
    List<Object> keyValues(OutboundId key) {
      return List.of(key.value());
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
    Map<String, Object> columns(OutboundMessage value) {
      Map<String, Object> cols = new LinkedHashMap<>();
      cols.put("id", value.id().value());
      cols.put("idempotency_key", value.idempotencyKey());
      cols.put("status", value.status().name());
      cols.put("recipient", value.recipient().value());
      cols.put("created_at", value.createdAt());
      cols.put("created_ns", value.createdAt().getNano() % 1000);
      cols.put("next_attempt_at", value.nextAttemptAt());
      cols.put("next_ns", value.nextAttemptAt().getNano() % 1000);
      cols.put("conversation", value.conversation());
      return cols;
    }

    @Override
    DuplicateKeyException duplicate(OutboundMessage value) {
      return new DuplicateKeyException("outbound message idempotency key", value.idempotencyKey());
    }

    @Override
    public List<OutboundMessage> findDue(Instant now, int limit) {
      Objects.requireNonNull(now, "now");
      if (limit <= 0) {
        throw new IllegalArgumentException("limit must be > 0, was " + limit);
      }
      return query("SELECT version, doc FROM scrm_outbox o WHERE status = 'PENDING' AND " + DUE + " AND "
          + FIRST_OF_CONVERSATION + OLDEST_FIRST + " LIMIT ?", BY_CREATED, now, now, now.getNano() % 1000, limit);
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
      // the lease is the next attempt time: rows locked by another claimer are skipped, not waited for
      return db.tx("claim outbound messages", c -> queryIn(c,
          "UPDATE scrm_outbox o SET next_attempt_at = ?, next_ns = ?, version = o.version + 1, "
              + "doc = jsonb_set(o.doc, '{nextAttemptAt}', to_jsonb(CAST(? AS text))) "
              + "FROM (SELECT id FROM scrm_outbox o WHERE status = 'PENDING' AND " + DUE + " "
              + "AND " + FIRST_OF_CONVERSATION + OLDEST_FIRST + " LIMIT ? FOR UPDATE SKIP LOCKED) due "
              + "WHERE o.id = due.id RETURNING o.version, o.doc",
          BY_CREATED, leaseUntil, leaseUntil.getNano() % 1000, leaseUntil.toString(), now, now, now.getNano() % 1000,
          limit));
    }

    @Override
    public List<OutboundMessage> findByStatus(OutboxStatus status) {
      return query("SELECT version, doc FROM scrm_outbox WHERE status = ?", BY_CREATED, status.name());
    }

    @Override
    public List<OutboundMessage> findByRecipient(ContactId recipient) {
      return query("SELECT version, doc FROM scrm_outbox WHERE recipient = ?", BY_CREATED, recipient.value());
    }
  }
}
