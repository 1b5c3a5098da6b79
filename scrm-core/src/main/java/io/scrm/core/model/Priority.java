package io.scrm.core.model;

/**
 * How urgent a case is. Ordered from lowest to highest.
 *
 * @since 0.1.0
 */
public enum Priority {
  /** Can wait. */
  LOW,
  /** The default. */
  NORMAL,
  /** Needs attention soon. */
  HIGH,
  /** Needs attention now (outages, crises). */
  URGENT
}
