package io.scrm.consent;

/**
 * The legal basis of a processing purpose after GDPR Art. 6(1) (a) to (f).
 *
 * @since 0.1.0
 */
public enum LegalBasis {
  /** (a) The data subject has given consent. */
  CONSENT("a"),
  /** (b) Necessary for a contract with the data subject or steps at their request. */
  CONTRACT("b"),
  /** (c) Necessary for a legal obligation. */
  LEGAL_OBLIGATION("c"),
  /** (d) Necessary to protect vital interests. */
  VITAL_INTERESTS("d"),
  /** (e) Necessary for a task in the public interest. */
  PUBLIC_TASK("e"),
  /** (f) Necessary for legitimate interests not overridden by the data subject's interests. */
  LEGITIMATE_INTERESTS("f");

  private final String letter;

  LegalBasis(String letter) {
    this.letter = letter;
  }

  /**
   * Returns the citation, e.g. {@code GDPR Art. 6(1)(a)}.
   *
   * @return the citation
   */
  public String citation() {
    return "GDPR Art. 6(1)(" + letter + ")";
  }
}
