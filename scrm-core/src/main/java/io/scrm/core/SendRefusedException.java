package io.scrm.core;

import io.scrm.core.model.ChannelId;
import java.util.Objects;

/**
 * Thrown when a channel cannot perform a send (outside its reply window, text too long and not
 * splittable, a new conversation on a reply-only channel). Nothing was queued.
 *
 * @since 0.1.0
 */
public final class SendRefusedException extends ScrmException {
  private static final long serialVersionUID = 1L;

  /** The channel that refused. */
  private final transient ChannelId channel;
  /** Why, in words fit for a log: no message text, no personal data. */
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param channel the channel that refuses the send
   * @param reason why, without message text or personal data
   */
  public SendRefusedException(ChannelId channel, String reason) {
    super("channel " + Objects.requireNonNull(channel, "channel") + " refuses the send: "
        + Objects.requireNonNull(reason, "reason"));
    this.channel = channel;
    this.reason = reason;
  }

  /**
   * Returns the channel that refused the send.
   *
   * @return the channel
   */
  public ChannelId channel() {
    return channel;
  }

  /**
   * Returns why the send was refused.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
