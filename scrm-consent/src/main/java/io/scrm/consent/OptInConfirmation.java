package io.scrm.consent;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The result of a double opt-in confirmation. Immutable and thread-safe.
 *
 * @param outcome what happened
 * @param given the {@link ConsentState#GIVEN} ledger entry, only if confirmed
 * @param submitted the declared form fields submitted with the request, only if confirmed (e.g. the
 *     address to store as a contact point now)
 * @since 0.1.0
 */
public record OptInConfirmation(Outcome outcome, @Nullable ConsentRecord given, Map<String, String> submitted) {

  /**
   * Validates and copies.
   *
   * @throws NullPointerException if outcome or submitted is missing
   */
  public OptInConfirmation {
    java.util.Objects.requireNonNull(outcome, "outcome");
    submitted = Map.copyOf(submitted);
  }

  /**
   * What a confirmation did.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** Consent was given now. */
    CONFIRMED,
    /** The token ran out; nothing was recorded. */
    EXPIRED,
    /**
     * The subject withdrew, refused or objected (or consent was revoked) after the request; nothing
     * was recorded.
     */
    WITHDRAWN,
    /** The token was used before; nothing was recorded. */
    ALREADY_USED,
    /** No such token; nothing was recorded. */
    UNKNOWN
  }

  /**
   * Returns whether consent was given by this confirmation.
   *
   * @return true if confirmed
   */
  public boolean confirmed() {
    return outcome == Outcome.CONFIRMED;
  }
}
