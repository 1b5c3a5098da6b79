package io.scrm.core.process;

/**
 * Where an SLA clock stands.
 *
 * @since 0.1.0
 */
public enum SlaPhase {
  /** Not started yet (keep-informed before the first answer). */
  NOT_STARTED,
  /** Counting business time now. */
  RUNNING,
  /** Paused, e.g. while waiting on the customer. */
  PAUSED,
  /** Reached its goal (answered, resolved); {@link SlaClock#breached()} tells whether in time. */
  MET,
  /** Stopped without reaching its goal because the case was resolved or closed. */
  STOPPED
}
