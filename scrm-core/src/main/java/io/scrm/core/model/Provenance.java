package io.scrm.core.model;

/**
 * Where a piece of contact data came from; decides what it may be used for.
 *
 * @since 0.1.0
 */
public enum Provenance {
  /** Entered by the person in a form (e.g. a lead form with opt-in). */
  FORM,
  /** Collected to perform a contract. */
  CONTRACT,
  /** Imported from another system. */
  IMPORT,
  /** Recorded by an agent in a conversation with the person. */
  AGENT,
  /** Created from a handle seen on a social channel; pseudonymous until linked with consent. */
  SOCIAL,
  /** Found by monitoring public posts; never a source of contact points. */
  SOCIAL_MONITORING
}
