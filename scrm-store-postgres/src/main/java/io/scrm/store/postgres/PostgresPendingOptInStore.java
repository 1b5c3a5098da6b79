package io.scrm.store.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.consent.Evidence;
import io.scrm.consent.Notice;
import io.scrm.consent.PendingOptInStore;
import io.scrm.core.ScrmJson;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Pending double opt-in requests on PostgreSQL, shared by every instance of the host and kept across
 * restarts: one row per token hash in {@code scrm_pending_opt_in} (never the token), with the notice
 * by id, version, language and text hash, and the form fields and evidence as {@code jsonb}; spent
 * tokens in {@code scrm_spent_opt_in}. Taking a request deletes its row and inserts its spent mark in
 * one transaction, so of several instances confirming one token at once exactly one gets the request
 * and the others find the mark. Times keep their nanoseconds. Each failed call throws {@link
 * PostgresStoreException}, whose message names no value. Thread-safe.
 *
 * <pre>{@code
 * DoubleOptIn optIn = DoubleOptIn.builder(ledger)
 *     .pendingStore(new PostgresPendingOptInStore(dataSource))
 *     .build();
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresPendingOptInStore implements PendingOptInStore {
  private static final String COLUMNS = "token_hash, subject, purpose, channel, notice_id, notice_version, "
      + "notice_language, notice_hash, fields, evidence, requested_at, requested_ns, expires_at, expires_ns, "
      + "request_sequence";
  private static final int NANOS_PER_MICRO = 1_000;
  private static final TypeReference<Map<String, String>> FIELDS = new TypeReference<>() {};

  private final Db db;
  private final ObjectMapper json = ScrmJson.newObjectMapper();

  /**
   * Creates the store, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   * @throws PostgresStoreException if the schema migration failed
   */
  public PostgresPendingOptInStore(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  @Override
  public boolean add(Pending pending) {
    Objects.requireNonNull(pending, "pending");
    return db.read("add pending opt-in", c -> insert(c, pending));
  }

  @Override
  public Optional<Pending> take(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return db.tx("take pending opt-in", c -> {
      // a concurrent take of the row waits for this transaction and then deletes nothing
      List<Pending> taken = select(c, "DELETE FROM scrm_pending_opt_in WHERE token_hash = ? RETURNING " + COLUMNS,
          tokenHash);
      if (taken.isEmpty()) {
        return Optional.<Pending>empty();
      }
      Pending p = taken.get(0);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_spent_opt_in (token_hash, requested_at, "
          + "requested_ns) VALUES (?, ?, ?) ON CONFLICT (token_hash) DO UPDATE SET requested_at = "
          + "EXCLUDED.requested_at, requested_ns = EXCLUDED.requested_ns")) {
        Db.bind(ps, p.tokenHash(), p.requestedAt(), nanos(p.requestedAt()));
        ps.executeUpdate();
      }
      return Optional.of(p);
    });
  }

  @Override
  public void putBack(Pending pending) {
    Objects.requireNonNull(pending, "pending");
    db.tx("put back pending opt-in", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_spent_opt_in WHERE token_hash = ?")) {
        Db.bind(ps, pending.tokenHash());
        ps.executeUpdate();
      }
      return insert(c, pending);
    });
  }

  @Override
  public boolean isSpent(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return db.read("read spent opt-in", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM scrm_spent_opt_in WHERE token_hash = ?")) {
        Db.bind(ps, tokenHash);
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next();
        }
      }
    });
  }

  @Override
  public boolean remove(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    return db.read("remove pending opt-in", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_pending_opt_in WHERE token_hash = ?")) {
        Db.bind(ps, tokenHash);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public int removeSubject(ContactId subject) {
    Objects.requireNonNull(subject, "subject");
    return db.read("remove pending opt-ins of a subject", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_pending_opt_in WHERE subject = ?")) {
        Db.bind(ps, subject.value());
        return ps.executeUpdate();
      }
    });
  }

  @Override
  public List<Pending> ofSubject(ContactId subject) {
    Objects.requireNonNull(subject, "subject");
    return db.read("read pending opt-ins of a subject", c -> select(c, "SELECT " + COLUMNS
        + " FROM scrm_pending_opt_in WHERE subject = ? ORDER BY requested_at, requested_ns, token_hash COLLATE \"C\"",
        subject.value()));
  }

  @Override
  public int count() {
    return db.read("count pending opt-ins", c -> {
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM scrm_pending_opt_in")) {
        rs.next();
        return rs.getInt(1);
      }
    });
  }

  @Override
  public int purge(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    // at or before the cutoff: before its microsecond, or in it and at or before its nanoseconds
    Instant micros = cutoff.truncatedTo(ChronoUnit.MICROS);
    int ns = nanos(cutoff);
    return db.tx("purge pending opt-ins", c -> {
      int removed;
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_pending_opt_in WHERE requested_at < ? "
          + "OR requested_at = ? AND requested_ns <= ?")) {
        Db.bind(ps, micros, micros, ns);
        removed = ps.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_spent_opt_in WHERE requested_at < ? "
          + "OR requested_at = ? AND requested_ns <= ?")) {
        Db.bind(ps, micros, micros, ns);
        ps.executeUpdate();
      }
      return removed;
    });
  }

  private boolean insert(Connection c, Pending p) throws SQLException {
    Notice n = p.notice();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_pending_opt_in (" + COLUMNS + ") VALUES "
        + "(?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?) "
        + "ON CONFLICT (token_hash) DO NOTHING")) {
      Db.bind(ps, p.tokenHash(), p.subject().value(), p.purpose(), p.channel().name(), n.id(), n.version(),
          n.language(), n.textHash(), write(p.submitted()), write(p.evidence()), p.requestedAt(),
          nanos(p.requestedAt()), p.expiresAt(), nanos(p.expiresAt()), p.requestSequence());
      return ps.executeUpdate() == 1;
    }
  }

  private List<Pending> select(Connection c, String sql, Object... values) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      Db.bind(ps, values);
      try (ResultSet rs = ps.executeQuery()) {
        List<Pending> out = new ArrayList<>();
        while (rs.next()) {
          out.add(read(rs));
        }
        return out;
      }
    }
  }

  private Pending read(ResultSet rs) throws SQLException {
    Notice notice = new Notice(rs.getString(5), rs.getInt(6), rs.getString(7), rs.getString(8));
    try {
      Map<String, String> fields = json.readValue(rs.getString(9), FIELDS);
      Evidence evidence = json.readValue(rs.getString(10), Evidence.class);
      return new Pending(rs.getString(1), ContactId.of(rs.getString(2)), rs.getString(3),
          ChannelId.of(rs.getString(4)), notice, fields, evidence, instant(rs, 11), instant(rs, 13), rs.getLong(15));
    } catch (JsonProcessingException e) {
      // the parser's message quotes the document, which holds personal data
      throw new PostgresStoreException("pending opt-in unreadable", new IllegalStateException(e.getClass().getName()));
    }
  }

  private String write(Object value) {
    try {
      return PgText.cleanJson(json.writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new PostgresStoreException("pending opt-in could not be serialised",
          new IllegalStateException(e.getClass().getName()));
    }
  }

  /** The instant in a timestamptz column and the nanoseconds column after it. */
  private static Instant instant(ResultSet rs, int column) throws SQLException {
    return rs.getObject(column, OffsetDateTime.class).toInstant().plusNanos(rs.getInt(column + 1));
  }

  private static int nanos(Instant t) {
    return t.getNano() % NANOS_PER_MICRO;
  }

  @Override
  public String toString() {
    return "PostgresPendingOptInStore[scrm_pending_opt_in]";
  }
}
