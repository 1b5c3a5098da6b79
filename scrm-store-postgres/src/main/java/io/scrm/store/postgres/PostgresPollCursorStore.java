package io.scrm.store.postgres;

import io.scrm.core.model.ChannelId;
import io.scrm.core.store.PollCursorStore;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Poll cursors on PostgreSQL, shared by every instance of the host: one row per channel. The first
 * cursor is an insert that does nothing if a row exists, every later one a conditional update on the
 * cursor its writer read, so of several instances that polled from one cursor at once exactly one
 * moves it, and the others cannot set their older view over it. Each call is one statement; a failed one throws {@link
 * PostgresStoreException}. Thread-safe.
 *
 * <pre>{@code
 * PollCursorStore cursors = new PostgresPollCursorStore(dataSource);
 * Optional<String> since = cursors.find(ChannelId.MASTODON);
 * // poll from since, ingest everything, then:
 * cursors.compareAndSet(ChannelId.MASTODON, since.orElse(null), lastId);
 * }</pre>
 *
 * @since 0.1.0
 */
public final class PostgresPollCursorStore implements PollCursorStore {
  private final Db db;

  /**
   * Creates the store, migrating the schema first.
   *
   * @param dataSource the host's pooled data source
   * @throws PostgresStoreException if the schema migration failed
   */
  public PostgresPollCursorStore(DataSource dataSource) {
    this.db = new Db(Objects.requireNonNull(dataSource, "dataSource"));
    SchemaMigrations.migrate(db);
  }

  @Override
  public Optional<String> find(ChannelId channel) {
    Objects.requireNonNull(channel, "channel");
    return db.read("read poll cursor", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT cursor FROM scrm_poll_cursor WHERE channel = ?")) {
        Db.bind(ps, channel.name());
        try (ResultSet rs = ps.executeQuery()) {
          return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
        }
      }
    });
  }

  @Override
  public boolean compareAndSet(ChannelId channel, @Nullable String expected, String next) {
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(next, "next");
    if (next.isBlank()) {
      throw new IllegalArgumentException("next must not be blank");
    }
    if (expected == null) {
      return db.read("set first poll cursor", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_poll_cursor (channel, cursor) VALUES (?, ?) "
            + "ON CONFLICT (channel) DO NOTHING")) {
          Db.bind(ps, channel.name(), next);
          return ps.executeUpdate() == 1;
        }
      });
    }
    return db.read("move poll cursor", c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE scrm_poll_cursor SET cursor = ?, updated_at = now() WHERE channel = ? AND cursor = ?")) {
        Db.bind(ps, next, channel.name(), expected);
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public boolean delete(ChannelId channel) {
    Objects.requireNonNull(channel, "channel");
    return db.read("delete poll cursor", c -> {
      try (PreparedStatement ps = c.prepareStatement("DELETE FROM scrm_poll_cursor WHERE channel = ?")) {
        Db.bind(ps, channel.name());
        return ps.executeUpdate() == 1;
      }
    });
  }

  @Override
  public String toString() {
    return "PostgresPollCursorStore[scrm_poll_cursor]";
  }
}
