package io.scrm.store.postgres;

import io.scrm.core.store.DuplicateKeyException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/** Transactions over the host's data source; translates SQL failures into scrm's store exceptions. */
final class Db {
  static final String UNIQUE_VIOLATION = "23505";

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs work in one transaction; commits on success, rolls back on any failure. A unique-key
   * violation becomes the given duplicate exception.
   */
  <T> T tx(String operation, Work<T> work, @Nullable Supplier<DuplicateKeyException> onDuplicate) {
    try (Connection c = dataSource.getConnection()) {
      boolean autoCommit = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState()) && onDuplicate != null) {
        DuplicateKeyException duplicate = onDuplicate.get();
        duplicate.initCause(e);
        throw duplicate;
      }
      throw new PostgresStoreException(operation, e);
    }
  }

  <T> T tx(String operation, Work<T> work) {
    return tx(operation, work, null);
  }

  /** Runs a read in auto-commit mode: one statement, no BEGIN/COMMIT round trips. */
  <T> T read(String operation, Work<T> work) {
    try (Connection c = dataSource.getConnection()) {
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      return work.run(c);
    } catch (SQLException e) {
      throw new PostgresStoreException(operation, e);
    }
  }

  /**
   * Binds parameters by position; instants as timestamptz truncated to microseconds (PostgreSQL's
   * precision), text as {@link PgText#clean} leaves it.
   */
  static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(t.truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC));
      } else if (v instanceof String s) {
        ps.setString(i + 1, PgText.clean(s));
      } else if (v instanceof Long l) {
        ps.setLong(i + 1, l);
      } else if (v instanceof Integer n) {
        ps.setInt(i + 1, n);
      } else if (v instanceof Boolean b) {
        ps.setBoolean(i + 1, b);
      } else if (v == null) {
        ps.setNull(i + 1, Types.VARCHAR);
      } else {
        throw new IllegalArgumentException("cannot bind " + v.getClass().getName());
      }
    }
  }
}
