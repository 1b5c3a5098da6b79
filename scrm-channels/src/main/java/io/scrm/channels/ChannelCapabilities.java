package io.scrm.channels;

import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a channel can do, as declared by its adapter. Immutable and thread-safe.
 *
 * @param privateMessages whether the channel carries private (direct) messages
 * @param publicReplies whether the company can answer in public (a reply to a post or comment)
 * @param startsConversations whether the company may write first; false for reply-only channels
 * @param replyWindow how long after the customer's last message a reply is allowed, or null if
 *     unlimited (Messenger: 24 hours)
 * @param maxTextLength the longest text one message can carry, as {@link ChannelAdapter#textLength}
 *     counts it (UTF-16 code units, unless the adapter counts as its platform does)
 * @param splittable whether the adapter itself sends a longer text as several messages; if not, the
 *     engine refuses such a text before it is queued. None of the adapters in this library splits:
 *     a part that fails after others went out could only be sent again as a duplicate or not at all
 * @param attachments whether attachments can be sent
 * @param rateLimit how many sends the platform accepts per period
 * @param idempotencyKeys whether the platform accepts an idempotency key on send
 * @since 0.1.0
 */
public record ChannelCapabilities(
    boolean privateMessages,
    boolean publicReplies,
    boolean startsConversations,
    @Nullable Duration replyWindow,
    int maxTextLength,
    boolean splittable,
    boolean attachments,
    RateLimit rateLimit,
    boolean idempotencyKeys) {

  /**
   * Validates the capabilities.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public ChannelCapabilities {
    if (replyWindow != null && (replyWindow.isNegative() || replyWindow.isZero())) {
      throw new IllegalArgumentException("replyWindow must be positive, was " + replyWindow);
    }
    if (maxTextLength < 1) {
      throw new IllegalArgumentException("maxTextLength must be at least 1, was " + maxTextLength);
    }
    Objects.requireNonNull(rateLimit, "rateLimit");
  }

  /**
   * A platform's send rate limit. Immutable and thread-safe.
   *
   * @param permits how many sends per period
   * @param period the period
   * @since 0.1.0
   */
  public record RateLimit(int permits, Duration period) {

    /**
     * Validates the limit.
     *
     * @throws IllegalArgumentException naming the field that is invalid
     */
    public RateLimit {
      if (permits < 1) {
        throw new IllegalArgumentException("permits must be at least 1, was " + permits);
      }
      Objects.requireNonNull(period, "period");
      if (period.isNegative() || period.isZero()) {
        throw new IllegalArgumentException("period must be positive, was " + period);
      }
    }

    /**
     * Returns a limit of so many sends per second.
     *
     * @param permits sends per second
     * @return the limit
     */
    public static RateLimit perSecond(int permits) {
      return new RateLimit(permits, Duration.ofSeconds(1));
    }
  }
}
