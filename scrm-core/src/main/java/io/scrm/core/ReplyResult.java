package io.scrm.core;

import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.OutboundId;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SocialCrm#reply} did: the message was queued in the outbox, or the consent gate denied
 * it. Immutable and thread-safe.
 *
 * @param outbound the queued message's id, or null if denied
 * @param decision the consent gate's decision
 * @since 0.1.0
 */
public record ReplyResult(@Nullable OutboundId outbound, ConsentDecision decision) {

  /**
   * Validates the result.
   *
   * @throws IllegalArgumentException if a message was queued against a denial, or none for an
   *     allowing decision
   */
  public ReplyResult {
    Objects.requireNonNull(decision, "decision");
    if (decision.allowed() != (outbound != null)) {
      throw new IllegalArgumentException("outbound must be present exactly when the decision allows");
    }
  }

  /**
   * Returns whether the message was queued.
   *
   * @return true if queued
   */
  public boolean queued() {
    return outbound != null;
  }

  /**
   * Returns the queued message's id.
   *
   * @return the id, or empty if denied
   */
  public Optional<OutboundId> outboundId() {
    return Optional.ofNullable(outbound);
  }
}
