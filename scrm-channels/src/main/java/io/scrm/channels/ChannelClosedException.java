package io.scrm.channels;

import io.scrm.core.model.ChannelId;

/**
 * Thrown when an adapter is used after {@link ChannelAdapter#close()}.
 *
 * @since 0.1.0
 */
public final class ChannelClosedException extends ChannelException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param channel the closed channel
   */
  public ChannelClosedException(ChannelId channel) {
    super("channel " + channel + " is closed");
  }
}
