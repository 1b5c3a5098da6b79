package io.scrm.consent;

/**
 * The state a consent ledger entry records, after the W3C Data Privacy Vocabulary (DPV) consent
 * status concepts.
 *
 * @since 0.1.0
 */
public enum ConsentState {
  /** Consent was requested and is pending (e.g. a double opt-in mail was sent). Never consent. */
  REQUESTED(2),
  /** Consent was given. */
  GIVEN(4),
  /** Consent was given again, extending an earlier one. */
  RENEWED(4),
  /** The data subject declined. */
  REFUSED(1),
  /** The data subject withdrew an earlier consent. */
  WITHDRAWN(0),
  /** Consent was revoked by the controller, e.g. after a bounce or a complaint. */
  REVOKED(0),
  /** Consent ran out. */
  EXPIRED(1),
  /** The data subject objected to processing (GDPR Art. 21). */
  OBJECTED(-1),
  /**
   * The subject's entries were pseudonymised by an erasure (GDPR Art. 17). Written by the ledger
   * alone, as an entry of its own under the pseudonym, purpose {@code data-subject-rights} and channel
   * {@link ConsentLedger#ALL_CHANNELS}; it records the erasure in the hash chain and is neither
   * consent nor a "no" of any purpose and channel.
   */
  ERASED(2);

  private final int permissiveness;

  ConsentState(int permissiveness) {
    this.permissiveness = permissiveness;
  }

  /**
   * Returns whether this state allows the processing the consent covers.
   *
   * @return true for {@link #GIVEN} and {@link #RENEWED}
   */
  public boolean grants() {
    return this == GIVEN || this == RENEWED;
  }

  /**
   * Returns whether this state is the data subject's own "no" that only the subject can lift.
   *
   * @return true for {@link #WITHDRAWN}, {@link #OBJECTED} and {@link #REVOKED}
   */
  public boolean blocksRegrantByOthers() {
    return this == WITHDRAWN || this == OBJECTED || this == REVOKED;
  }

  /**
   * Compares how much two states allow; used when two subjects are merged (the least permissive
   * state wins).
   *
   * @param other the other state
   * @return true if this state allows strictly less than {@code other}
   */
  public boolean lessPermissiveThan(ConsentState other) {
    return permissiveness < other.permissiveness;
  }

  /**
   * Returns how much a state allows when there is no entry at all (nothing is allowed, but nothing
   * was refused either); used by merges.
   *
   * @param state a state, or null for "no entry"
   * @return an order value: higher allows more
   */
  static int rank(@org.jspecify.annotations.Nullable ConsentState state) {
    return state == null ? 2 : state.permissiveness;
  }
}
