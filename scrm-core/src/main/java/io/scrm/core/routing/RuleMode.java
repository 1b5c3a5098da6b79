package io.scrm.core.routing;

/**
 * How a rule takes part in a decision.
 *
 * @since 0.1.0
 */
public enum RuleMode {
  /** Decides target, queue, agent and priority: the matching rule of highest priority wins. */
  FIRST_MATCH,
  /** Adds score points and tags: every matching rule applies, in priority order, until one stops. */
  ALL_MATCH
}
