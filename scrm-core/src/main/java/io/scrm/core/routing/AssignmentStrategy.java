package io.scrm.core.routing;

/**
 * How a team picks among its eligible agents. In every strategy an agent must be available, have
 * free capacity and (until the wait widens the search) the required skills; the existing owner is
 * asked first.
 *
 * @since 0.1.0
 */
public enum AssignmentStrategy {
  /**
   * Each member in turn, by an atomic per-team cursor: the item goes to the first eligible member
   * after the one who got the previous item, in member order.
   */
  ROUND_ROBIN,
  /** The eligible agent with the fewest open items; ties go to the first member. */
  LEAST_LOADED
}
