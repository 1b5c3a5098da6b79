package io.scrm.core.store;

import io.scrm.core.ScrmException;

/**
 * A store operation failed. Nothing was written.
 *
 * @since 0.1.0
 */
public abstract class StoreException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  protected StoreException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  protected StoreException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Returns whether trying the same operation again may succeed: true unless the store knows the
   * failure is permanent (a key already taken, a value the database cannot hold). Callers that retry
   * on their own, such as a poller that reads the same messages again, give up only on failures that
   * are not retryable.
   *
   * @return true if a later attempt may succeed
   */
  public boolean isRetryable() {
    return true;
  }
}
