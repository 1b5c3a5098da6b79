package io.scrm.channels;

import io.scrm.core.ScrmException;

/**
 * Base of the channel layer's exceptions. Messages name channels and ids, never message text,
 * names, tokens or secrets.
 *
 * @since 0.1.0
 */
public abstract class ChannelException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what went wrong
   */
  protected ChannelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a cause.
   *
   * @param message what went wrong
   * @param cause the underlying failure
   */
  protected ChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
