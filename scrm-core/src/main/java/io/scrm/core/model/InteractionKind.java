package io.scrm.core.model;

/**
 * How a message reached the company.
 *
 * @since 0.1.0
 */
public enum InteractionKind {
  /** Addressed to the company directly (a direct message, an e-mail). */
  DIRECT,
  /** A public post that mentions the company or matches a monitor. */
  MENTION,
  /** A comment on the company's own post or page. */
  COMMENT,
  /** A reply within an existing conversation. */
  REPLY
}
