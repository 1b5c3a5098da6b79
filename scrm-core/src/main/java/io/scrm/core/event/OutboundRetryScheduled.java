package io.scrm.core.event;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundId;
import java.time.Instant;

/**
 * A send attempt failed in a way that may pass later; the next attempt is stored with its time.
 * Immutable.
 *
 * @param at when
 * @param outbound the message
 * @param channel the channel
 * @param attempts how many attempts were made so far
 * @param nextAttemptAt the earliest time of the next attempt
 * @param reason why the attempt failed (no message text, no secrets)
 * @since 0.1.0
 */
public record OutboundRetryScheduled(Instant at, OutboundId outbound, ChannelId channel, int attempts,
    Instant nextAttemptAt, String reason) implements CrmEvent {
  /** Checks that no component is missing. */
  public OutboundRetryScheduled {
    java.util.Objects.requireNonNull(at, "at");
    java.util.Objects.requireNonNull(outbound, "outbound");
    java.util.Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
  }
}
