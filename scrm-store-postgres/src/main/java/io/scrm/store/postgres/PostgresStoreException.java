package io.scrm.store.postgres;

import io.scrm.core.store.StoreException;

/**
 * The database failed (connection lost, timeout, unexpected SQL state). The operation's transaction
 * was rolled back: nothing was written. Usually retryable.
 *
 * @since 0.1.0
 */
public final class PostgresStoreException extends StoreException {
  private static final long serialVersionUID = 1L;

  private final String sqlState;

  PostgresStoreException(String operation, java.sql.SQLException cause) {
    super(operation + " failed: SQL state " + cause.getSQLState(), cause);
    this.sqlState = cause.getSQLState() == null ? "" : cause.getSQLState();
  }

  PostgresStoreException(String message, Throwable cause) {
    super(message, cause);
    this.sqlState = "";
  }

  /**
   * Returns the SQL state the database reported.
   *
   * @return the five-character SQL state, or empty if there was none
   */
  public String sqlState() {
    return sqlState;
  }

  /**
   * Returns whether trying again may succeed (connection and transaction-conflict failures).
   *
   * @return true for SQL state classes 08 (connection), 40 (transaction rollback) and 53 (resources)
   */
  public boolean isRetryable() {
    return sqlState.startsWith("08") || sqlState.startsWith("40") || sqlState.startsWith("53")
        || sqlState.equals("57P01");
  }
}
