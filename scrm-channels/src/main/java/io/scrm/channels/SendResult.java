package io.scrm.channels;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one send attempt, as the platform reported it.
 *
 * @since 0.1.0
 */
public sealed interface SendResult {

  /**
   * The platform accepted the message.
   *
   * @param providerId the platform's id of the new message
   * @param at when it was accepted
   * @since 0.1.0
   */
  record Sent(String providerId, Instant at) implements SendResult {
    /**
     * Validates the result.
     *
     * @throws IllegalArgumentException if the provider id is blank
     */
    public Sent {
      Objects.requireNonNull(providerId, "providerId");
      if (providerId.isBlank()) {
        throw new IllegalArgumentException("providerId must not be blank");
      }
      Objects.requireNonNull(at, "at");
    }
  }

  /**
   * The attempt failed in a way that may pass later (a 5xx, a timeout, a rate limit).
   *
   * @param reason why, without message text or secrets
   * @param retryAfter how long the platform asked us to wait, or null if it did not say
   * @since 0.1.0
   */
  record RetryableFailure(String reason, @Nullable Duration retryAfter) implements SendResult {
    /**
     * Validates the result.
     *
     * @throws IllegalArgumentException if retryAfter is negative
     */
    public RetryableFailure {
      Objects.requireNonNull(reason, "reason");
      if (retryAfter != null && retryAfter.isNegative()) {
        throw new IllegalArgumentException("retryAfter must not be negative, was " + retryAfter);
      }
    }
  }

  /**
   * The request may or may not have reached the platform (a timeout or a connection lost after the
   * request was written). On a channel with idempotency keys the dispatcher sends again (the
   * platform drops the repeat); on any other channel a second send could reach the customer twice,
   * so the message goes to the dead-letter list for a person to check and re-drive.
   *
   * @param reason why, without message text or secrets
   * @since 0.1.0
   */
  record OutcomeUnknown(String reason) implements SendResult {
    /**
     * Validates the result.
     *
     * @throws NullPointerException if the reason is null
     */
    public OutcomeUnknown {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The platform will never accept this message (blocked, unknown recipient, outside the window).
   *
   * @param reason why, without message text or secrets
   * @since 0.1.0
   */
  record PermanentFailure(String reason) implements SendResult {
    /**
     * Validates the result.
     *
     * @throws NullPointerException if the reason is null
     */
    public PermanentFailure {
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * Returns a successful result.
   *
   * @param providerId the platform's message id
   * @param at when it was accepted
   * @return the result
   */
  static SendResult sent(String providerId, Instant at) {
    return new Sent(providerId, at);
  }

  /**
   * Returns a retryable failure.
   *
   * @param reason why
   * @param retryAfter the platform's retry-after, or null
   * @return the result
   */
  static SendResult retryable(String reason, @Nullable Duration retryAfter) {
    return new RetryableFailure(reason, retryAfter);
  }

  /**
   * Returns an unknown outcome.
   *
   * @param reason why
   * @return the result
   */
  static SendResult outcomeUnknown(String reason) {
    return new OutcomeUnknown(reason);
  }

  /**
   * Returns a permanent failure.
   *
   * @param reason why
   * @return the result
   */
  static SendResult permanent(String reason) {
    return new PermanentFailure(reason);
  }
}
