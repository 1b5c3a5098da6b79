package io.scrm.core.model;

/**
 * Who can read a message on its platform.
 *
 * @since 0.1.0
 */
public enum Visibility {
  /** Anyone can read it (a post, a public comment, an unlisted toot). */
  PUBLIC,
  /** Only the participants can read it (a direct message, an e-mail). */
  PRIVATE
}
