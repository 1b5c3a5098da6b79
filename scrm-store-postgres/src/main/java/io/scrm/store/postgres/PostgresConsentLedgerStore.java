package io.scrm.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.consent.ConsentLedgerStore;
import io.scrm.consent.ConsentRecord;
import io.scrm.core.ScrmJson;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.store.DuplicateKeyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The consent ledger on PostgreSQL, shared by all instances. Thread-safe.
 *
 * <p>Append-only in the database: a trigger refuses every {@code UPDATE} and {@code DELETE} of ledger
 * rows, except the pseudonymisation of erasure, which runs with a transaction-local switch and keeps
 * each row's sequence and hash; the same transaction appends the erasure's entry, so the chain
 * still verifies. Appends race on the sequence primary key: the loser gets {@link
 * IllegalStateException} ("moved on") and the ledger chains onto the winner's entry. Within a
 * subject, purpose and channel the entry with the highest sequence (appended last) is current;
 * {@link #latest} filters on the entries' times, which each instance takes from its own clock, and
 * {@link #newest} does not.
 *
 * @since 0.1.0
 */
public final class PostgresConsentLedgerStore implements ConsentLedgerStore {
  private final Db db;
  private final ObjectMapper json = ScrmJson.newObjectMapper();

  /**
   * Creates the store, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   */
  public PostgresConsentLedgerStore(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  @Override
  public void append(ConsentRecord entry) {
    Objects.requireNonNull(entry, "entry");
    try {
      db.tx("append consent entry", c -> {
        insert(c, entry);
        return null;
      }, () -> new io.scrm.core.store.DuplicateKeyException("consent entry", Long.toString(entry.sequence())));
    } catch (io.scrm.core.store.DuplicateKeyException raced) {
      throw new IllegalStateException("ledger moved on: sequence " + entry.sequence() + " taken", raced);
    }
  }

  /** Inserts an entry that chains onto the last one; throws "moved on" if it does not. */
  private void insert(Connection c, ConsentRecord entry) throws SQLException {
    String previous = ConsentRecord.GENESIS;
    if (entry.sequence() > 0) {
      try (PreparedStatement ps = c.prepareStatement("SELECT hash FROM scrm_consent_ledger WHERE sequence = ?")) {
        Db.bind(ps, entry.sequence() - 1);
        try (ResultSet rs = ps.executeQuery()) {
          previous = rs.next() ? rs.getString(1) : null;
        }
      }
    }
    if (previous == null || !previous.equals(entry.previousHash())) {
      throw new IllegalStateException("ledger moved on: entry " + entry.sequence() + " does not chain");
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_consent_ledger "
        + "(sequence, subject, purpose, channel, at, hash, doc) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")) {
      Db.bind(ps, entry.sequence(), entry.subject().value(), entry.purpose(), entry.channel().name(), entry.at(),
          entry.hash(), write(entry));
      ps.executeUpdate();
    }
  }

  @Override
  public Optional<ConsentRecord> last() {
    return query("SELECT doc FROM scrm_consent_ledger ORDER BY sequence DESC LIMIT 1").stream().findFirst();
  }

  @Override
  public long size() {
    return db.read("count consent entries", c -> {
      try (Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT coalesce(max(sequence) + 1, 0) FROM scrm_consent_ledger")) {
        rs.next();
        return rs.getLong(1);
      }
    });
  }

  @Override
  public Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel, Instant at) {
    // the entry appended last of those at or before 'at'. The column holds 'at' cut to microseconds: a row
    // more than a microsecond before it is at or before it, one more than a microsecond after is not, and
    // for the rows in between the doc's own instant decides
    List<ConsentRecord> candidates = query("(SELECT doc FROM scrm_consent_ledger WHERE subject = ? AND purpose = ? "
        + "AND channel = ? AND at < ? ORDER BY sequence DESC LIMIT 1) UNION ALL (SELECT doc FROM scrm_consent_ledger "
        + "WHERE subject = ? AND purpose = ? AND channel = ? AND at >= ? AND at <= ?)", subject.value(), purpose,
        channel.name(), at.minusNanos(1000), subject.value(), purpose, channel.name(), at.minusNanos(1000),
        at.plusNanos(1000));
    ConsentRecord best = null;
    for (ConsentRecord r : candidates) {
      if (!r.at().isAfter(at) && (best == null || r.sequence() > best.sequence())) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public Optional<ConsentRecord> newest(ContactId subject, String purpose, ChannelId channel) {
    return query("SELECT doc FROM scrm_consent_ledger WHERE subject = ? AND purpose = ? AND channel = ? "
        + "ORDER BY sequence DESC LIMIT 1", subject.value(), purpose, channel.name()).stream().findFirst();
  }

  @Override
  public List<ConsentRecord> history(ContactId subject) {
    return query("SELECT doc FROM scrm_consent_ledger WHERE subject = ? ORDER BY sequence", subject.value());
  }

  @Override
  public List<ConsentRecord> entries(long fromSequence, int limit) {
    return query("SELECT doc FROM scrm_consent_ledger WHERE sequence >= ? ORDER BY sequence LIMIT ?",
        Math.max(0, fromSequence), Math.max(0, limit));
  }

  @Override
  public int erase(ContactId subject, ConsentRecord erasure) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(erasure, "erasure");
    ContactId pseudonym = erasure.subject();
    try {
      return db.tx("erase consent entries", c -> {
        try (Statement s = c.createStatement()) {
          s.execute("SET LOCAL scrm.erasure = 'on'");
        }
        int changed = 0;
        for (ConsentRecord r : queryIn(c, "SELECT doc FROM scrm_consent_ledger WHERE subject = ? ORDER BY sequence "
            + "FOR UPDATE", subject.value())) {
          if (!r.erasable()) {
            continue;
          }
          try (PreparedStatement ps = c.prepareStatement("UPDATE scrm_consent_ledger SET subject = ?, "
              + "doc = CAST(? AS jsonb) WHERE sequence = ?")) {
            Db.bind(ps, pseudonym.value(), write(r.pseudonymisedAs(pseudonym)), r.sequence());
            changed += ps.executeUpdate();
          }
        }
        // in the same transaction: if the ledger moved on, the pseudonymisation is rolled back with it
        insert(c, erasure);
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_consent_restriction WHERE subject = ?")) {
          Db.bind(ps, subject.value());
          ps.executeUpdate();
        }
        return changed;
      }, () -> new DuplicateKeyException("consent entry", Long.toString(erasure.sequence())));
    } catch (DuplicateKeyException raced) {
      throw new IllegalStateException("ledger moved on: sequence " + erasure.sequence() + " taken", raced);
    }
  }

  @Override
  public void restrict(ContactId subject, boolean restricted) {
    Objects.requireNonNull(subject, "subject");
    db.tx("restrict subject", c -> {
      String sql = restricted ? "INSERT INTO scrm_consent_restriction (subject) VALUES (?) ON CONFLICT DO NOTHING"
          : "DELETE FROM scrm_consent_restriction WHERE subject = ?";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        Db.bind(ps, subject.value());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public boolean isRestricted(ContactId subject) {
    return db.read("read restriction", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM scrm_consent_restriction WHERE subject = ?")) {
        Db.bind(ps, subject.value());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  private List<ConsentRecord> query(String sql, Object... params) {
    return db.read("read consent entries", c -> queryIn(c, sql, params));
  }

  private List<ConsentRecord> queryIn(Connection c, String sql, Object... params) throws SQLException {
    List<ConsentRecord> out = new ArrayList<>();
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Db.bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          try {
            out.add(json.readValue(rs.getString(1), ConsentRecord.class));
          } catch (JsonProcessingException e) {
            throw new PostgresStoreException("consent entry unreadable", e);
          }
        }
      }
    }
    return out;
  }

  private String write(ConsentRecord r) {
    try {
      return json.writeValueAsString(r);
    } catch (JsonProcessingException e) {
      throw new PostgresStoreException("consent entry could not be serialised", e);
    }
  }
}
