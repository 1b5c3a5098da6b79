package io.scrm.core.model;

/**
 * The delivery state of an outbound message.
 *
 * @since 0.1.0
 */
public enum OutboxStatus {
  /** Stored, waiting to be sent (or retried). */
  PENDING,
  /** Accepted by the platform. */
  SENT,
  /** Failed permanently or ran out of retries; kept in the dead-letter list with its reason. */
  DEAD,
  /** Not sent, because the consent gate denied it at send time. */
  CANCELLED
}
