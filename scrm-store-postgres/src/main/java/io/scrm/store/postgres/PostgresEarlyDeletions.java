package io.scrm.store.postgres;

import io.scrm.core.model.InteractionId;
import io.scrm.core.store.EarlyDeletionStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.Optional;

/**
 * Deletions heard before their messages, in {@code scrm_early_deletion}: one row per message, the
 * first deletion heard winning ({@code ON CONFLICT DO NOTHING}). Remembering one also deletes the
 * rows past the retention, by the index on {@code heard_at}. Thread-safe.
 */
final class PostgresEarlyDeletions implements EarlyDeletionStore {
  private final Db db;
  private final Duration retention;

  PostgresEarlyDeletions(Db db, Duration retention) {
    this.db = db;
    this.retention = retention;
  }

  @Override
  public void remember(InteractionId message, Instant deletedAt, Instant heardAt) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(deletedAt, "deletedAt");
    Objects.requireNonNull(heardAt, "heardAt");
    db.tx("remember early deletion", c -> {
      try (PreparedStatement expired = c.prepareStatement("DELETE FROM scrm_early_deletion WHERE heard_at <= ?")) {
        Db.bind(expired, heardAt.minus(retention));
        expired.executeUpdate();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_early_deletion (message, deleted_at, heard_at) "
          + "VALUES (?, ?, ?) ON CONFLICT (message) DO NOTHING")) {
        Db.bind(ps, message.value(), deletedAt, heardAt);
        ps.executeUpdate();
      }
      return null;
    });
  }

  @Override
  public Optional<Instant> find(InteractionId message, Instant now) {
    Objects.requireNonNull(message, "message");
    Objects.requireNonNull(now, "now");
    return db.read("find early deletion", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "SELECT deleted_at FROM scrm_early_deletion WHERE message = ? AND heard_at > ?")) {
        Db.bind(ps, message.value(), now.minus(retention));
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean forget(InteractionId message) {
    Objects.requireNonNull(message, "message");
    return db.read("forget early deletion", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_early_deletion WHERE message = ?")) {
        Db.bind(ps, message.value());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public String toString() {
    return "PostgresEarlyDeletions[scrm_early_deletion, kept " + retention + "]";
  }
}
