package io.scrm.core.model;

/**
 * What a customer's matter is about.
 *
 * @since 0.1.0
 */
public enum CaseType {
  /** A question. */
  QUESTION,
  /** A complaint. */
  COMPLAINT,
  /** Praise, criticism or an idea. */
  FEEDBACK,
  /** A report of a service outage. */
  OUTAGE_REPORT,
  /** A request under data-protection law (access, erasure, objection). */
  DATA_PROTECTION_REQUEST,
  /** Anything else. */
  OTHER
}
