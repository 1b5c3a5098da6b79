package io.scrm.core.model;

/**
 * The kind of a contact point.
 *
 * @since 0.1.0
 */
public enum ContactPointType {
  /** An e-mail address. */
  EMAIL,
  /** A telephone number. */
  PHONE,
  /** A postal address. */
  POSTAL
}
