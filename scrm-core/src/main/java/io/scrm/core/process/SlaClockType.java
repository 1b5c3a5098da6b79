package io.scrm.core.process;

/**
 * The SLA clocks of a case.
 *
 * @since 0.1.0
 */
public enum SlaClockType {
  /** From opening to our first answer. */
  FIRST_RESPONSE,
  /** From our last answer (or the customer's last message) to our next answer, until resolution. */
  KEEP_INFORMED,
  /** From opening to resolution. */
  RESOLUTION
}
