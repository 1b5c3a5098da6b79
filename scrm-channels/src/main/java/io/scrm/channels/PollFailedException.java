package io.scrm.channels;

import io.scrm.core.model.ChannelId;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a poll could not read the platform (network failure, 5xx, rate limit). The cursor
 * was not advanced, so the next poll picks up where the failed one started.
 *
 * @since 0.1.0
 */
public final class PollFailedException extends ChannelException {
  private static final long serialVersionUID = 1L;

  private final @Nullable Duration retryAfter;

  /**
   * Creates the exception.
   *
   * @param channel the channel
   * @param detail what failed (status codes, never tokens)
   * @param retryAfter how long the platform asked us to wait, or null
   * @param cause the underlying failure, or null
   */
  public PollFailedException(ChannelId channel, String detail, @Nullable Duration retryAfter,
      @Nullable Throwable cause) {
    super(channel + ": poll failed: " + detail, cause);
    this.retryAfter = retryAfter;
  }

  /**
   * Returns how long the platform asked us to wait.
   *
   * @return the wait, or null if it did not say
   */
  public @Nullable Duration retryAfter() {
    return retryAfter;
  }
}
