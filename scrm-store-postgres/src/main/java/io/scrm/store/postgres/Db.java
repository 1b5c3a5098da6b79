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

  /**
   * The earliest instant bound as itself: 1 January 4713 BC, midnight UTC, the low end PostgreSQL
   * documents (the driver sends an earlier one as {@code -infinity}).
   */
  static final Instant EARLIEST = Instant.parse("-4712-01-01T00:00:00Z");

  /** The latest instant a {@code timestamptz} holds, to the microsecond: the end of 294276 AD, UTC. */
  static final Instant LATEST = Instant.parse("+294276-12-31T23:59:59.999999Z");

  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final DataSource dataSource;

  Db(DataSource dataSource) {
    this.dataSource = dataSource;
  }

  /**
   * Runs work in one transaction; commits on success, rolls back on any failure (an {@link Error}
   * too: the connection is handed back in auto-commit, which would commit it). A unique-key
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
      } catch (Throwable e) {
        // every failure, errors too: setAutoCommit(true) below would commit the work done so far
        try {
          c.rollback();
        } catch (SQLException | RuntimeException rollbackFailed) {
          e.addSuppressed(rollbackFailed);
        }
        throw e;
      } finally {
        c.setAutoCommit(autoCommit);
      }
    } catch (SQLException e) {
      if (UNIQUE_VIOLATION.equals(e.getSQLState()) && onDuplicate != null) {
        DuplicateKeyException duplicate = onDuplicate.get();
        duplicate.initCause(withoutDetail(e));
        throw duplicate;
      }
      throw new PostgresStoreException(operation, withoutDetail(e));
    }
  }

  /**
   * The failure without what the server reports of the row: its detail ({@code Key (thread_key)=(...)},
   * {@code Failing row contains (...)}) names keys and values, personal data, and causes end up in
   * logs with the exception. Keeps the first line (the error and the constraint), the SQL state, the
   * vendor code, the stack trace and the underlying cause.
   */
  static SQLException withoutDetail(SQLException e) {
    // a batch's message quotes the statement with its parameters; the server's error is the next one
    SQLException source = e;
    if (e instanceof java.sql.BatchUpdateException) {
      if (e.getNextException() != null) {
        source = e.getNextException();
      } else if (e.getCause() instanceof SQLException server) {
        source = server;
      }
    }
    String message = source.getMessage();
    int end = message == null ? -1 : message.indexOf('\n');
    // the cause too: a batch's cause is the server's error, with its detail
    Throwable cause = source.getCause();
    if (cause instanceof SQLException inner && inner != source) {
      cause = withoutDetail(inner);
    }
    SQLException clean = new SQLException(end < 0 ? message : message.substring(0, end), e.getSQLState(),
        e.getErrorCode(), cause);
    clean.setStackTrace(e.getStackTrace());
    return clean;
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
      throw new PostgresStoreException(operation, withoutDetail(e));
    }
  }

  /**
   * Binds parameters by position; instants as timestamptz truncated to microseconds (PostgreSQL's
   * precision) and {@linkplain #inRange held to its range}, text as {@link PgText#clean} leaves it.
   */
  static void bind(PreparedStatement ps, Object... values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      Object v = values[i];
      if (v instanceof Instant t) {
        ps.setObject(i + 1, OffsetDateTime.ofInstant(inRange(t.truncatedTo(ChronoUnit.MICROS)), ZoneOffset.UTC));
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

  /**
   * The instant, or the bound of {@code timestamptz}'s range it lies beyond. An {@link Instant}
   * reaches a billion years either side, {@code timestamptz} from 4713 BC to 294276 AD: a later
   * instant failed the statement (SQL state 22008), and {@link Instant#MAX} and {@link Instant#MIN}
   * threw a {@code DateTimeException} before it was sent. The timestamp columns filter and order,
   * and the documents keep the exact instants, so a time beyond the range is stored at its bound: it
   * still sorts after (or before) every time inside the range, and times beyond the same bound
   * compare equal. An early deletion's time, the one column read back, comes back as the bound.
   */
  static Instant inRange(Instant t) {
    if (t.isAfter(LATEST)) {
      return LATEST;
    }
    return t.isBefore(EARLIEST) ? EARLIEST : t;
  }
}
