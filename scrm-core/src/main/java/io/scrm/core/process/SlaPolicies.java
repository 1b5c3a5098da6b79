package io.scrm.core.process;

import io.scrm.core.model.Case;
import io.scrm.core.model.Priority;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Which {@link SlaPolicy} applies to a case: the most specific match of queue and priority, then
 * queue, then priority, then the default. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class SlaPolicies {
  private final SlaPolicy fallback;
  private final Map<String, SlaPolicy> byQueueAndPriority;
  private final Map<String, SlaPolicy> byQueue;
  private final Map<Priority, SlaPolicy> byPriority;

  private SlaPolicies(Builder b) {
    this.fallback = b.fallback;
    this.byQueueAndPriority = Map.copyOf(b.byQueueAndPriority);
    this.byQueue = Map.copyOf(b.byQueue);
    this.byPriority = new EnumMap<>(b.byPriority);
  }

  /**
   * Returns a builder with the given default policy.
   *
   * @param fallback the policy for cases no other rule matches
   * @return a new builder
   */
  public static Builder builder(SlaPolicy fallback) {
    return new Builder(fallback);
  }

  /**
   * Returns the built-in default: first response 1 hour, keep informed every 24 hours, resolution 5
   * days, warning at 80 %, around the clock (UTC).
   *
   * @return the policies
   */
  public static SlaPolicies ofDefaults() {
    return builder(new SlaPolicy("default", Duration.ofHours(1), Duration.ofHours(24), Duration.ofDays(5), 0.8,
        BusinessCalendar.twentyFourSeven(ZoneOffset.UTC))).build();
  }

  /**
   * Returns the policy for a case.
   *
   * @param c the case
   * @return the most specific policy
   */
  public SlaPolicy policyFor(Case c) {
    Objects.requireNonNull(c, "case");
    if (c.queue() != null) {
      SlaPolicy p = byQueueAndPriority.get(c.queue() + "\u0000" + c.priority());
      if (p != null) {
        return p;
      }
      p = byQueue.get(c.queue());
      if (p != null) {
        return p;
      }
    }
    return byPriority.getOrDefault(c.priority(), fallback);
  }

  /**
   * Builds {@link SlaPolicies}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final SlaPolicy fallback;
    private final Map<String, SlaPolicy> byQueueAndPriority = new HashMap<>();
    private final Map<String, SlaPolicy> byQueue = new HashMap<>();
    private final Map<Priority, SlaPolicy> byPriority = new EnumMap<>(Priority.class);

    private Builder(SlaPolicy fallback) {
      this.fallback = Objects.requireNonNull(fallback, "fallback");
    }

    /**
     * Sets the policy of a queue.
     *
     * @param queue the queue
     * @param policy the policy
     * @return this builder
     */
    public Builder queue(String queue, SlaPolicy policy) {
      byQueue.put(Objects.requireNonNull(queue, "queue"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Sets the policy of a priority.
     *
     * @param priority the priority
     * @param policy the policy
     * @return this builder
     */
    public Builder priority(Priority priority, SlaPolicy policy) {
      byPriority.put(Objects.requireNonNull(priority, "priority"), Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Sets the policy of a priority within a queue.
     *
     * @param queue the queue
     * @param priority the priority
     * @param policy the policy
     * @return this builder
     */
    public Builder queueAndPriority(String queue, Priority priority, SlaPolicy policy) {
      Objects.requireNonNull(queue, "queue");
      Objects.requireNonNull(priority, "priority");
      byQueueAndPriority.put(queue + "\u0000" + priority, Objects.requireNonNull(policy, "policy"));
      return this;
    }

    /**
     * Builds the policies.
     *
     * @return the policies
     */
    public SlaPolicies build() {
      return new SlaPolicies(this);
    }
  }
}
