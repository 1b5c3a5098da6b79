package io.scrm.core.model;

/**
 * Who performed an action.
 *
 * @since 0.1.0
 */
public enum ActorType {
  /** A human agent of the company. */
  AGENT,
  /** scrm itself or the host application acting automatically. */
  SYSTEM,
  /** The customer (or a public author). */
  CUSTOMER
}
