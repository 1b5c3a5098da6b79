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
}
