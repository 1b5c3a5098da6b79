package io.scrm.core.event;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundId;
import java.time.Instant;

/**
 * An outbound message failed permanently or ran out of retries and is in the dead-letter list. Immutable.
 *
 * @param at when
 * @param outbound the message
 * @param channel the channel
 * @param reason why
 * @since 0.1.0
 */
public record OutboundDeadLettered(Instant at, OutboundId outbound, ChannelId channel, String reason) implements CrmEvent {
  /** Checks that no component is missing. */
  public OutboundDeadLettered {
    java.util.Objects.requireNonNull(at, "at");
  }
}
