package io.scrm.channels;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of an {@link OutboxDispatcher}: batch and lease, retry with exponential backoff and
 * jitter, and the per-channel circuit breaker. Immutable and thread-safe. The per-channel rate
 * limit is not set here: it comes from each adapter's declared {@link ChannelCapabilities#rateLimit()}.
 *
 * @since 0.1.0
 */
public final class OutboxDispatcherConfig {
  private final int batchSize;
  private final Duration lease;
  private final int maxAttempts;
  private final Duration initialBackoff;
  private final double backoffMultiplier;
  private final double randomizationFactor;
  private final Duration maxBackoff;
  private final Duration maxRetryAfter;
  private final float failureRateThreshold;
  private final int slidingWindowSize;
  private final int minimumNumberOfCalls;
  private final Duration waitInOpenState;
  private final Duration pollInterval;

  private OutboxDispatcherConfig(Builder b) {
    batchSize = b.batchSize;
    lease = b.lease;
    maxAttempts = b.maxAttempts;
    initialBackoff = b.initialBackoff;
    backoffMultiplier = b.backoffMultiplier;
    randomizationFactor = b.randomizationFactor;
    maxBackoff = b.maxBackoff;
    maxRetryAfter = b.maxRetryAfter;
    failureRateThreshold = b.failureRateThreshold;
    slidingWindowSize = b.slidingWindowSize;
    minimumNumberOfCalls = b.minimumNumberOfCalls;
    waitInOpenState = b.waitInOpenState;
    pollInterval = b.pollInterval;
  }

  /**
   * Returns the defaults: batches of 100, a 60 s lease, 8 attempts, backoff from 1 s doubling to at
   * most 10 min with 50 % jitter, a platform's retry-after honoured up to 24 h, a breaker opening at 50 % failures over the last 20 calls (at least
   * 10) for 30 s, polling every 500 ms when started.
   *
   * @return the default config
   */
  public static OutboxDispatcherConfig ofDefaults() {
    return builder().build();
  }

  /**
   * Returns a builder with the defaults.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding this config's values.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.batchSize = batchSize;
    b.lease = lease;
    b.maxAttempts = maxAttempts;
    b.initialBackoff = initialBackoff;
    b.backoffMultiplier = backoffMultiplier;
    b.randomizationFactor = randomizationFactor;
    b.maxBackoff = maxBackoff;
    b.maxRetryAfter = maxRetryAfter;
    b.failureRateThreshold = failureRateThreshold;
    b.slidingWindowSize = slidingWindowSize;
    b.minimumNumberOfCalls = minimumNumberOfCalls;
    b.waitInOpenState = waitInOpenState;
    b.pollInterval = pollInterval;
    return b;
  }

  /**
   * Returns how many messages one round claims.
   *
   * @return the batch size
   */
  public int batchSize() {
    return batchSize;
  }

  /**
   * Returns how long a claim lasts; a stopped dispatcher's messages are claimed again after it.
   *
   * @return the lease
   */
  public Duration lease() {
    return lease;
  }

  /**
   * Returns how many send attempts a message gets before it is dead-lettered.
   *
   * @return the attempts, at least 1
   */
  public int maxAttempts() {
    return maxAttempts;
  }

  /**
   * Returns the wait before the second attempt, before jitter.
   *
   * @return the initial backoff
   */
  public Duration initialBackoff() {
    return initialBackoff;
  }

  /**
   * Returns the factor the wait grows by per attempt.
   *
   * @return the multiplier
   */
  public double backoffMultiplier() {
    return backoffMultiplier;
  }

  /**
   * Returns the jitter: each wait is drawn from ±this fraction around the exponential value.
   *
   * @return the randomization factor in [0, 1)
   */
  public double randomizationFactor() {
    return randomizationFactor;
  }

  /**
   * Returns the longest wait between attempts, unless the platform asks for longer.
   *
   * @return the maximum backoff
   */
  public Duration maxBackoff() {
    return maxBackoff;
  }

  /**
   * Returns the longest retry-after of a platform the dispatcher waits for. A message whose platform
   * asks for a longer wait goes to the dead-letter list with that wait in its reason, to be re-driven
   * when the host sees fit, instead of staying pending for that long (or, for a wait beyond the
   * calendar, forever).
   *
   * @return the maximum retry-after
   */
  public Duration maxRetryAfter() {
    return maxRetryAfter;
  }

  /**
   * Returns the failure rate, in percent, at which a channel's circuit breaker opens.
   *
   * @return the threshold
   */
  public float failureRateThreshold() {
    return failureRateThreshold;
  }

  /**
   * Returns how many recent calls the breaker's failure rate is taken over.
   *
   * @return the window size
   */
  public int slidingWindowSize() {
    return slidingWindowSize;
  }

  /**
   * Returns how many calls the breaker needs before it computes a failure rate.
   *
   * @return the minimum
   */
  public int minimumNumberOfCalls() {
    return minimumNumberOfCalls;
  }

  /**
   * Returns how long an open breaker holds a channel's sends back before it lets trial calls through.
   *
   * @return the wait
   */
  public Duration waitInOpenState() {
    return waitInOpenState;
  }

  /**
   * Returns how often a {@linkplain OutboxDispatcher#start() started} dispatcher looks for due messages.
   *
   * @return the interval
   */
  public Duration pollInterval() {
    return pollInterval;
  }

  @Override
  public String toString() {
    return "OutboxDispatcherConfig[batchSize=" + batchSize + ", lease=" + lease + ", maxAttempts=" + maxAttempts
        + ", initialBackoff=" + initialBackoff + ", backoffMultiplier=" + backoffMultiplier
        + ", randomizationFactor=" + randomizationFactor + ", maxBackoff=" + maxBackoff
        + ", maxRetryAfter=" + maxRetryAfter + ", failureRateThreshold=" + failureRateThreshold + ", slidingWindowSize=" + slidingWindowSize
        + ", minimumNumberOfCalls=" + minimumNumberOfCalls + ", waitInOpenState=" + waitInOpenState
        + ", pollInterval=" + pollInterval + "]";
  }

  /**
   * Builds an {@link OutboxDispatcherConfig}. Not thread-safe; each setter validates at once, {@link
   * #build()} checks the rules between fields.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private static final Duration LONGEST_RETRY_AFTER = Duration.ofDays(36_500);

    private int batchSize = 100;
    private Duration lease = Duration.ofSeconds(60);
    private int maxAttempts = 8;
    private Duration initialBackoff = Duration.ofSeconds(1);
    private double backoffMultiplier = 2.0;
    private double randomizationFactor = 0.5;
    private Duration maxBackoff = Duration.ofMinutes(10);
    private Duration maxRetryAfter = Duration.ofHours(24);
    private float failureRateThreshold = 50f;
    private int slidingWindowSize = 20;
    private int minimumNumberOfCalls = 10;
    private Duration waitInOpenState = Duration.ofSeconds(30);
    private Duration pollInterval = Duration.ofMillis(500);

    private Builder() {}

    /**
     * Sets how many messages one round claims.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder batchSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("batchSize must be at least 1, was " + value);
      }
      batchSize = value;
      return this;
    }

    /**
     * Sets how long a claim lasts; longer than the slowest send.
     *
     * @param value positive, at most 100 years (36,500 days)
     * @return this builder
     */
    public Builder lease(Duration value) {
      lease = atMostLongest(positive(value, "lease"), "lease");
      return this;
    }

    /**
     * Sets how many attempts a message gets before it is dead-lettered.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder maxAttempts(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, was " + value);
      }
      maxAttempts = value;
      return this;
    }

    /**
     * Sets the wait before the second attempt.
     *
     * @param value at least 1 ms
     * @return this builder
     */
    public Builder initialBackoff(Duration value) {
      positive(value, "initialBackoff");
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("initialBackoff must be at least 1 ms, was " + value);
      }
      initialBackoff = value;
      return this;
    }

    /**
     * Sets the factor the wait grows by per attempt.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder backoffMultiplier(double value) {
      if (!(value >= 1.0) || Double.isInfinite(value)) {
        throw new IllegalArgumentException("backoffMultiplier must be at least 1, was " + value);
      }
      backoffMultiplier = value;
      return this;
    }

    /**
     * Sets the jitter fraction.
     *
     * @param value in [0, 1)
     * @return this builder
     */
    public Builder randomizationFactor(double value) {
      if (!(value >= 0.0 && value < 1.0)) {
        throw new IllegalArgumentException("randomizationFactor must be in [0, 1), was " + value);
      }
      randomizationFactor = value;
      return this;
    }

    /**
     * Sets the longest wait between attempts.
     *
     * @param value positive, at most 100 years (36,500 days)
     * @return this builder
     */
    public Builder maxBackoff(Duration value) {
      maxBackoff = atMostLongest(positive(value, "maxBackoff"), "maxBackoff");
      return this;
    }

    /**
     * Sets the longest retry-after of a platform the dispatcher waits for; see {@link
     * OutboxDispatcherConfig#maxRetryAfter()}.
     *
     * @param value positive, at most 100 years (36,500 days)
     * @return this builder
     */
    public Builder maxRetryAfter(Duration value) {
      maxRetryAfter = atMostLongest(positive(value, "maxRetryAfter"), "maxRetryAfter");
      return this;
    }

    /**
     * Sets the failure rate at which a channel's breaker opens.
     *
     * @param value percent in (0, 100]
     * @return this builder
     */
    public Builder failureRateThreshold(float value) {
      if (!(value > 0f && value <= 100f)) {
        throw new IllegalArgumentException("failureRateThreshold must be in (0, 100], was " + value);
      }
      failureRateThreshold = value;
      return this;
    }

    /**
     * Sets how many recent calls the breaker looks at.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder slidingWindowSize(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("slidingWindowSize must be at least 1, was " + value);
      }
      slidingWindowSize = value;
      return this;
    }

    /**
     * Sets how many calls the breaker needs before it judges.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder minimumNumberOfCalls(int value) {
      if (value < 1) {
        throw new IllegalArgumentException("minimumNumberOfCalls must be at least 1, was " + value);
      }
      minimumNumberOfCalls = value;
      return this;
    }

    /**
     * Sets how long an open breaker holds sends back.
     *
     * @param value at least 1 ms (the breaker counts whole milliseconds), at most 100 years (36,500 days)
     * @return this builder
     */
    public Builder waitInOpenState(Duration value) {
      atMostLongest(positive(value, "waitInOpenState"), "waitInOpenState");
      if (value.toMillis() < 1) {
        throw new IllegalArgumentException("waitInOpenState must be at least 1 ms, was " + value);
      }
      waitInOpenState = value;
      return this;
    }

    /**
     * Sets how often a started dispatcher looks for due messages.
     *
     * @param value positive, at most 100 years (36,500 days)
     * @return this builder
     */
    public Builder pollInterval(Duration value) {
      pollInterval = atMostLongest(positive(value, "pollInterval"), "pollInterval");
      return this;
    }

    /**
     * Builds the config.
     *
     * @return the config
     * @throws IllegalArgumentException if maxBackoff is shorter than initialBackoff, or
     *     minimumNumberOfCalls exceeds slidingWindowSize
     */
    public OutboxDispatcherConfig build() {
      if (maxBackoff.compareTo(initialBackoff) < 0) {
        throw new IllegalArgumentException("maxBackoff (" + maxBackoff + ") must not be shorter than initialBackoff ("
            + initialBackoff + ")");
      }
      if (minimumNumberOfCalls > slidingWindowSize) {
        throw new IllegalArgumentException("minimumNumberOfCalls (" + minimumNumberOfCalls
            + ") must not exceed slidingWindowSize (" + slidingWindowSize + ")");
      }
      return new OutboxDispatcherConfig(this);
    }

    /** Longer durations overflow when the dispatcher turns them into milliseconds or nanoseconds. */
    private static Duration atMostLongest(Duration value, String field) {
      if (value.compareTo(LONGEST_RETRY_AFTER) > 0) {
        throw new IllegalArgumentException(field + " must be at most " + LONGEST_RETRY_AFTER + ", was " + value);
      }
      return value;
    }

    private static Duration positive(Duration value, String field) {
      Objects.requireNonNull(value, field);
      if (value.isNegative() || value.isZero()) {
        throw new IllegalArgumentException(field + " must be positive, was " + value);
      }
      return value;
    }
  }
}
