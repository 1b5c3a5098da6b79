package io.scrm.channels;

/**
 * What an {@link OutboxDispatcher} did, in one round or since it was built. Immutable.
 *
 * @param claimed messages claimed from the outbox
 * @param sent messages the platform accepted
 * @param retried attempts that failed and were scheduled again
 * @param deadLettered messages moved to the dead-letter list
 * @param cancelled messages the consent gate denied at send time, or erased after they were claimed
 * @param postponed messages held back by a channel's rate limiter or open circuit breaker
 * @param lostLeases results not recorded because another dispatcher had taken the message over
 * @param errors messages that could not be handled (a store failure, say); they are claimed again
 *     when their lease expires
 * @since 0.1.0
 */
public record DispatchStats(long claimed, long sent, long retried, long deadLettered, long cancelled,
    long postponed, long lostLeases, long errors) {

  /** Nothing done. */
  public static final DispatchStats NONE = new DispatchStats(0, 0, 0, 0, 0, 0, 0, 0);

  /**
   * Validates the counts.
   *
   * @throws IllegalArgumentException if a count is negative
   */
  public DispatchStats {
    if (claimed < 0 || sent < 0 || retried < 0 || deadLettered < 0 || cancelled < 0 || postponed < 0
        || lostLeases < 0 || errors < 0) {
      throw new IllegalArgumentException("counts must not be negative");
    }
  }

  /**
   * Adds two tallies.
   *
   * @param other the other tally
   * @return the sum
   */
  public DispatchStats plus(DispatchStats other) {
    return new DispatchStats(claimed + other.claimed, sent + other.sent, retried + other.retried,
        deadLettered + other.deadLettered, cancelled + other.cancelled, postponed + other.postponed,
        lostLeases + other.lostLeases, errors + other.errors);
  }
}
