package io.scrm.core.listening;

import io.scrm.core.event.SpikeDetected;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Early warning of a storm: counts negative mentions per topic in fixed time buckets, learns each
 * topic's normal rate as an exponentially weighted mean and variance of the bucket counts, and
 * reports a {@link SpikeDetected} when the current bucket's count is significant on two tests: a
 * Poisson test against the learned mean (the chance of so many mentions at the normal rate is below
 * {@code significance}), and the deviation band {@code mean + sensitivity × deviation} of the learned
 * variance (which catches topics that are burstier than Poisson); and it must reach a minimum count.
 * Buckets with a spike do not teach the baseline, so a storm does not become the new normal. A
 * topic fires at most once per storm: a bucket that reaches its threshold right after one that did
 * (a burst across a bucket's edge, a storm that lasts) belongs to the same storm and fires nothing;
 * the next warning needs a bucket below its threshold in between.
 *
 * <p>The state is a pure function of the recorded mentions (their times, not the wall clock), so a
 * replay of the same mentions gives the same warnings. Thread-safe: topics are independent, each
 * topic's state is updated under its own lock.
 *
 * @since 0.1.0
 */
public final class SpikeDetector {
  private final Duration bucketWidth;
  private final double alpha;
  private final double sensitivity;
  private final double significance;
  private final long minCount;
  private final int warmupBuckets;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  private SpikeDetector(Builder b) {
    this.bucketWidth = b.bucketWidth;
    this.alpha = b.alpha;
    this.sensitivity = b.sensitivity;
    this.significance = b.significance;
    this.minCount = b.minCount;
    this.warmupBuckets = b.warmupBuckets;
  }

  /**
   * Returns a builder with the defaults: 15-minute buckets, smoothing 0.1, sensitivity 3,
   * significance 10<sup>-4</sup>, at least 5 mentions, 4 buckets of warm-up.
   *
   * @return a builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a detector with the defaults.
   *
   * @return a detector
   */
  public static SpikeDetector ofDefaults() {
    return builder().build();
  }

  /**
   * Records one negative mention.
   *
   * @param topic the monitor or topic
   * @param at when it was written
   * @param author the author's identity key
   * @param terms the monitor terms it matched
   * @return the warning, if this mention made the bucket a spike
   */
  public Optional<SpikeDetected> record(String topic, Instant at, String author, List<String> terms) {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(author, "author");
    Objects.requireNonNull(terms, "terms");
    if (topic.isBlank()) {
      throw new IllegalArgumentException("topic must not be blank");
    }
    Topic state = topics.computeIfAbsent(topic, t -> new Topic());
    synchronized (state) {
      return state.record(topic, at, author, terms);
    }
  }

  /**
   * Forgets an author (e.g. on erasure): the current buckets, which keep their authors to name the
   * most active ones in a warning, drop theirs. Their mentions still count, without a name.
   *
   * @param author the author's identity key, as recorded
   * @return in how many topics' current buckets the author was
   * @since 0.1.0
   */
  public int forget(String author) {
    Objects.requireNonNull(author, "author");
    int found = 0;
    for (Topic state : topics.values()) {
      synchronized (state) {
        found += state.authors.remove(author) != null ? 1 : 0;
      }
    }
    return found;
  }

  /**
   * Returns the learned mean count per bucket of a topic.
   *
   * @param topic the topic
   * @return the baseline, 0 for an unknown topic
   */
  public double baseline(String topic) {
    Topic state = topics.get(topic);
    if (state == null) {
      return 0;
    }
    synchronized (state) {
      return state.mean;
    }
  }

  private final class Topic {
    long bucket = Long.MIN_VALUE;
    long count;
    boolean fired;
    /** Whether the bucket before the current one reached its threshold: a storm still going on. */
    boolean storming;
    double mean;
    double variance;
    long learned;
    double threshold = Double.NaN;
    final Map<String, Integer> authors = new HashMap<>();
    final Map<String, Integer> terms = new HashMap<>();

    Optional<SpikeDetected> record(String topic, Instant at, String author, List<String> matched) {
      long b = Math.floorDiv(at.toEpochMilli(), bucketWidth.toMillis());
      if (bucket == Long.MIN_VALUE) {
        bucket = b;
      } else if (b > bucket) {
        close(b);
      }
      // a late mention of an earlier bucket counts in the current one: never dropped
      count++;
      authors.merge(author, 1, Integer::sum);
      for (String t : matched) {
        terms.merge(t, 1, Integer::sum);
      }
      if (Double.isNaN(threshold)) {
        threshold = Math.max(minCount, Math.max(poissonQuantile(Math.max(mean, 0.25), significance),
            mean + sensitivity * Math.max(1.0, Math.sqrt(variance))));
      }
      if (!fired && learned >= warmupBuckets && count >= threshold) {
        fired = true;
        if (storming) {
          // the storm warned in the bucket before: this bucket is not learned, nor warned again
          return Optional.empty();
        }
        return Optional.of(new SpikeDetected(at, topic, Instant.ofEpochMilli(bucket * bucketWidth.toMillis()),
            bucketWidth, count, mean, threshold, top(authors), top(terms)));
      }
      return Optional.empty();
    }

    /** Closes the current bucket and the empty ones up to {@code next}, learning from each. */
    private void close(long next) {
      if (!fired) {
        learn(count);
      }
      storming = fired && next == bucket + 1;
      long empty = Math.min(next - bucket - 1, 10_000); // beyond that the baseline has long decayed to ~0
      for (long i = 0; i < empty; i++) {
        learn(0);
      }
      bucket = next;
      threshold = Double.NaN;
      count = 0;
      fired = false;
      authors.clear();
      terms.clear();
    }

    private void learn(long observed) {
      if (learned == 0) {
        mean = observed;
        variance = 0;
      } else {
        double diff = observed - mean;
        mean += alpha * diff;
        variance = (1 - alpha) * (variance + alpha * diff * diff);
      }
      learned++;
    }
  }

  /** The least k with P(X >= k) < p for X ~ Poisson(lambda); a normal approximation above lambda 200. */
  static long poissonQuantile(double lambda, double p) {
    if (lambda > 200) {
      double z = Math.sqrt(-2 * Math.log(p)); // a slightly conservative bound of the normal quantile
      return (long) Math.ceil(lambda + z * Math.sqrt(lambda)) + 1;
    }
    double pmf = Math.exp(-lambda);
    double cdf = pmf;
    long k = 0;
    while (1 - cdf >= Math.max(p, 1e-6) && k < 10_000) {
      k++;
      pmf *= lambda / k;
      cdf += pmf;
    }
    // further out 1 - cdf is mostly rounding error, which may never fall below a small p: the tail is
    // summed itself
    while (k < 10_000 && upperTail(lambda, k + 1, pmf * lambda / (k + 1)) >= p) {
      k++;
      pmf *= lambda / k;
    }
    return k + 1;
  }

  /** P(X >= k) from P(X = k), for k above lambda, where the terms fall geometrically. */
  private static double upperTail(double lambda, long k, double pmfK) {
    double sum = 0;
    double term = pmfK;
    for (long j = k; term > 0 && term >= sum * 1e-17; j++) {
      sum += term;
      term *= lambda / (j + 1);
    }
    return sum;
  }

  private static List<String> top(Map<String, Integer> counts) {
    List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(Map.Entry.<String, Integer>comparingByValue(Comparator.reverseOrder())
        .thenComparing(Map.Entry.comparingByKey()));
    List<String> top = new ArrayList<>();
    for (int i = 0; i < Math.min(5, entries.size()); i++) {
      top.add(entries.get(i).getKey());
    }
    return top;
  }

  /**
   * Builds a {@link SpikeDetector}. Not thread-safe; setters validate at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    /** Buckets are counted in milliseconds since the epoch. */
    private static final Duration MAX_BUCKET_WIDTH = Duration.ofMillis(Long.MAX_VALUE);

    private Duration bucketWidth = Duration.ofMinutes(15);
    private double alpha = 0.1;
    private double sensitivity = 3;
    private double significance = 1e-4;
    private long minCount = 5;
    private int warmupBuckets = 4;

    private Builder() {}

    /**
     * Sets the bucket width.
     *
     * @param value at least one second, at most {@link Long#MAX_VALUE} milliseconds
     * @return this builder
     * @throws IllegalArgumentException if the width is out of range
     */
    public Builder bucketWidth(Duration value) {
      Objects.requireNonNull(value, "bucketWidth");
      if (value.compareTo(Duration.ofSeconds(1)) < 0) {
        throw new IllegalArgumentException("bucketWidth must be at least 1s, was " + value);
      }
      if (value.compareTo(MAX_BUCKET_WIDTH) > 0) {
        throw new IllegalArgumentException("bucketWidth must be at most " + MAX_BUCKET_WIDTH + ", was " + value);
      }
      bucketWidth = value;
      return this;
    }

    /**
     * Sets how fast the baseline learns (the EWMA weight of the newest bucket).
     *
     * @param value in (0, 1]
     * @return this builder
     */
    public Builder smoothing(double value) {
      if (!(value > 0 && value <= 1)) {
        throw new IllegalArgumentException("smoothing must be in (0, 1], was " + value);
      }
      alpha = value;
      return this;
    }

    /**
     * Sets how many deviations above the baseline a spike needs (lower = earlier warnings, more false
     * alarms).
     *
     * @param value greater than 0
     * @return this builder
     */
    public Builder sensitivity(double value) {
      if (!(value > 0)) {
        throw new IllegalArgumentException("sensitivity must be > 0, was " + value);
      }
      sensitivity = value;
      return this;
    }

    /**
     * Sets the significance of the Poisson test: the largest chance, at the learned normal rate, of a
     * bucket count that still counts as a spike (lower = fewer false alarms, later warnings).
     *
     * @param value in (0, 0.5)
     * @return this builder
     */
    public Builder significance(double value) {
      if (!(value > 0 && value < 0.5)) {
        throw new IllegalArgumentException("significance must be in (0, 0.5), was " + value);
      }
      significance = value;
      return this;
    }

    /**
     * Sets the least count a spike bucket needs.
     *
     * @param value at least 1
     * @return this builder
     */
    public Builder minCount(long value) {
      if (value < 1) {
        throw new IllegalArgumentException("minCount must be >= 1, was " + value);
      }
      minCount = value;
      return this;
    }

    /**
     * Sets how many buckets a topic must have seen before it can fire.
     *
     * @param value at least 0
     * @return this builder
     */
    public Builder warmupBuckets(int value) {
      if (value < 0) {
        throw new IllegalArgumentException("warmupBuckets must be >= 0, was " + value);
      }
      warmupBuckets = value;
      return this;
    }

    /**
     * Builds the detector.
     *
     * @return the detector
     */
    public SpikeDetector build() {
      return new SpikeDetector(this);
    }
  }
}
