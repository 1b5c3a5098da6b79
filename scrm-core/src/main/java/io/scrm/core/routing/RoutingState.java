package io.scrm.core.routing;

/**
 * The mutable state of assignment: round-robin cursors, agents' open items and availability.
 * Implementations must be thread-safe and make {@link #nextTurn} and {@link #tryAcquire} atomic.
 *
 * @since 0.1.0
 */
public interface RoutingState {

  /**
   * Returns the team's cursor and advances it by one, atomically.
   *
   * @param team the team
   * @return the cursor before the call, starting at 0
   */
  long nextTurn(String team);

  /**
   * Returns an agent's open items.
   *
   * @param agent the agent
   * @return the load, 0 for an unknown agent
   */
  int load(String agent);

  /**
   * Takes one unit of an agent's capacity, atomically, unless the agent already holds {@code capacity}
   * items.
   *
   * @param agent the agent
   * @param capacity the agent's capacity
   * @return true if taken
   */
  boolean tryAcquire(String agent, int capacity);

  /**
   * Gives back one unit of an agent's capacity (an item was closed or handed on). Never goes below 0.
   *
   * @param agent the agent
   */
  void release(String agent);

  /**
   * Returns an agent's availability.
   *
   * @param agent the agent
   * @return the availability, {@link Availability#AVAILABLE} unless set otherwise
   */
  Availability availability(String agent);

  /**
   * Sets an agent's availability.
   *
   * @param agent the agent
   * @param value the availability
   */
  void setAvailability(String agent, Availability value);

  /**
   * Returns a new in-memory state.
   *
   * @return an empty state
   */
  static RoutingState inMemory() {
    return new InMemoryRoutingState();
  }
}
