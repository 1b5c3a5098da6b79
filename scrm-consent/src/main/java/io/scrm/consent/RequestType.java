package io.scrm.consent;

/**
 * The kind of a data-subject request.
 *
 * @since 0.1.0
 */
public enum RequestType {
  /** Access to one's data (GDPR Art. 15). */
  ACCESS,
  /** One's data in a machine-readable format (GDPR Art. 20). */
  PORTABILITY,
  /** Erasure (GDPR Art. 17). */
  ERASURE,
  /** Restriction of processing (GDPR Art. 18). */
  RESTRICTION
}
