package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.OutboundId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * An outbound message was stored in the outbox. Immutable.
 *
 * @param at when
 * @param outbound the message
 * @param caseId the case it answers, if any
 * @param channel the channel
 * @param purpose the purpose
 * @since 0.1.0
 */
public record ReplyQueued(Instant at, OutboundId outbound, @Nullable CaseId caseId, ChannelId channel, String purpose) implements CrmEvent {
  /** Checks that no component is missing. */
  public ReplyQueued {
    java.util.Objects.requireNonNull(at, "at");
  }
}
