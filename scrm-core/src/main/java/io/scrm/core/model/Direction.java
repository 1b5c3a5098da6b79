package io.scrm.core.model;

/**
 * Whether a message came from the customer or went to the customer.
 *
 * @since 0.1.0
 */
public enum Direction {
  /** From the customer (or a public author) to the company. */
  INBOUND,
  /** From the company to the customer. */
  OUTBOUND
}
