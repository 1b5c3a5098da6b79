package io.scrm.core.event;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundId;
import java.time.Instant;

/**
 * An outbound message was accepted by its platform. Immutable.
 *
 * @param at when
 * @param outbound the message
 * @param channel the channel
 * @param providerId the platform's message id
 * @param attempts how many attempts it took
 * @since 0.1.0
 */
public record OutboundSent(Instant at, OutboundId outbound, ChannelId channel, String providerId, int attempts) implements CrmEvent {
  /** Checks that no component is missing. */
  public OutboundSent {
    java.util.Objects.requireNonNull(at, "at");
  }
}
