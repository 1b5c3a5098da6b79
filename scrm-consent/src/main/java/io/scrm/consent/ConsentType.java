package io.scrm.consent;

/**
 * How consent was expressed, after the W3C Data Privacy Vocabulary.
 *
 * @since 0.1.0
 */
public enum ConsentType {
  /** An explicit, affirmative statement for this purpose (e.g. a confirmed double opt-in). */
  EXPLICIT,
  /** An active, affirmative act (e.g. ticking a box). */
  EXPRESSED,
  /** Inferred from behaviour; never enough for marketing. */
  IMPLIED,
  /** Not a consent: the entry rests on another legal basis or records a "no". */
  NOT_APPLICABLE
}
