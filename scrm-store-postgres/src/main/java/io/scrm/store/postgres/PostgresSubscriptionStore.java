package io.scrm.store.postgres;

import io.scrm.core.listening.Broadcasts.Subscription;
import io.scrm.core.listening.SubscriptionStore;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Topic subscriptions of broadcasts on PostgreSQL, shared by every instance of the host and kept
 * across restarts: one row per topic, person and channel in {@code scrm_subscription}. Subscribing is
 * an insert that does nothing if the row exists, followed in the same transaction by a read of the
 * row that is there, so of several instances subscribing one person at once exactly one stores it and
 * all get it back. Each failed call throws {@link PostgresStoreException}. Thread-safe.
 *
 * <pre>{@code
 * Broadcasts broadcasts = new Broadcasts(crm, new PostgresSubscriptionStore(dataSource))
 *     .topic(new Topic("stoerung-koeln-nippes", "Störung Köln-Nippes", "outage-notifications"));
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresSubscriptionStore implements SubscriptionStore {
  private static final String COLUMNS = "topic, contact, channel, thread, since, since_ns";
  private static final int NANOS_PER_MICRO = 1_000;

  private final Db db;

  /**
   * Creates the store, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   * @throws PostgresStoreException if the schema migration failed
   */
  public PostgresSubscriptionStore(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  @Override
  public Subscription add(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    Instant since = subscription.since();
    return db.tx("add subscription", c -> {
      while (true) {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_subscription (" + COLUMNS
            + ") VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (topic, contact, channel) DO NOTHING")) {
          Db.bind(ps, subscription.topic(), subscription.contact().value(), subscription.channel().name(),
              subscription.threadId(), since, since.getNano() % NANOS_PER_MICRO);
          if (ps.executeUpdate() == 1) {
            return subscription;
          }
        }
        // another writer's row, committed before the insert looked: this statement sees it, unless it
        // was removed in between, and then the insert is tried again
        List<Subscription> stored = select(c, "WHERE topic = ? AND contact = ? AND channel = ?",
            subscription.topic(), subscription.contact().value(), subscription.channel().name());
        if (!stored.isEmpty()) {
          return stored.get(0);
        }
      }
    });
  }

  @Override
  public boolean remove(String topic, ContactId contact, ChannelId channel) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(contact, "contact");
    Objects.requireNonNull(channel, "channel");
    return db.read("remove subscription", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "DELETE FROM scrm_subscription WHERE topic = ? AND contact = ? AND channel = ?")) {
        Db.bind(ps, topic, contact.value(), channel.name());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int removeContact(ContactId contact) {
    Objects.requireNonNull(contact, "contact");
    return db.read("remove subscriptions of a contact", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_subscription WHERE contact = ?")) {
        Db.bind(ps, contact.value());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Subscription> ofTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    return db.read("read subscriptions of a topic", c -> select(c,
        "WHERE topic = ? ORDER BY since, since_ns, contact COLLATE \"C\", channel COLLATE \"C\"", topic));
  }

  @Override
  public List<Subscription> ofContact(ContactId contact) {
    Objects.requireNonNull(contact, "contact");
    return db.read("read subscriptions of a contact", c -> select(c,
        "WHERE contact = ? ORDER BY topic COLLATE \"C\", since, since_ns, channel COLLATE \"C\"", contact.value()));
  }

  private static List<Subscription> select(Connection c, String where, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT " + COLUMNS + " FROM scrm_subscription " + where)) {
      Db.bind(ps, values);
      try (ResultSet rs = ps.executeQuery()) {
        List<Subscription> out = new ArrayList<>();
        while (rs.next()) {
          Instant since = rs.getObject(5, OffsetDateTime.class).toInstant().plusNanos(rs.getInt(6));
          out.add(new Subscription(rs.getString(1), ContactId.of(rs.getString(2)), ChannelId.of(rs.getString(3)),
              rs.getString(4), since));
        }
        return out;
      }
    }
  }

  @Override
  public String toString() {
    return "PostgresSubscriptionStore[scrm_subscription]";
  }
}
