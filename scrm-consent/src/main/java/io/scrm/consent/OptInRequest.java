package io.scrm.consent;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The result of asking for double opt-in. Immutable and thread-safe.
 *
 * @param status whether a token was issued or the subject had confirmed already
 * @param token the token to put in the confirmation message, if issued; only its hash is stored, so
 *     this is the one chance to read it
 * @param requested the {@link ConsentState#REQUESTED} ledger entry, if a token was issued
 * @param expiresAt when the token runs out, if issued
 * @since 0.1.0
 */
public record OptInRequest(Status status, @Nullable String token, @Nullable ConsentRecord requested,
    @Nullable Instant expiresAt) {

  /**
   * Whether a confirmation message is to be sent.
   *
   * @since 0.1.0
   */
  public enum Status {
    /** A token was issued: send the confirmation message. */
    ISSUED,
    /** The subject already confirmed: send no second confirmation message. */
    ALREADY_CONFIRMED
  }

  /**
   * Returns whether a confirmation message is to be sent.
   *
   * @return true if a token was issued
   */
  public boolean issued() {
    return status == Status.ISSUED;
  }
}
