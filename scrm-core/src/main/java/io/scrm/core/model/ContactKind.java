package io.scrm.core.model;

/**
 * Whether a contact is a person or an organisation.
 *
 * @since 0.1.0
 */
public enum ContactKind {
  /** A natural person. */
  PERSON,
  /** A company, association or public body. */
  ORGANISATION
}
