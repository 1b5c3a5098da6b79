package io.scrm.core.event;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundId;
import java.time.Instant;

/**
 * An outbound message was not sent because the consent gate denied it at send time. Immutable.
 *
 * @param at when
 * @param outbound the message
 * @param channel the channel
 * @param reason the gate's reason
 * @since 0.1.0
 */
public record OutboundCancelled(Instant at, OutboundId outbound, ChannelId channel, String reason) implements CrmEvent {
  /** Checks that no component is missing. */
  public OutboundCancelled {
    java.util.Objects.requireNonNull(at, "at");
  }
}
