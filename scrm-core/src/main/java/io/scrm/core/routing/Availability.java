package io.scrm.core.routing;

/**
 * Whether an agent takes new work.
 *
 * @since 0.1.0
 */
public enum Availability {
  /** Takes new work. */
  AVAILABLE,
  /** Temporarily away (break, meeting). */
  AWAY,
  /** Out of office: holiday, illness. */
  OUT_OF_OFFICE
}
