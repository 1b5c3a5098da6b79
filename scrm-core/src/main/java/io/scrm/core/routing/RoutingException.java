package io.scrm.core.routing;

import io.scrm.core.ScrmException;

/**
 * Base of the failures of routing. Immutable.
 *
 * @since 0.1.0
 */
public abstract class RoutingException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong (ids only)
   */
  protected RoutingException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong (ids only)
   * @param cause the cause
   */
  protected RoutingException(String message, Throwable cause) {
    super(message, cause);
  }
}
