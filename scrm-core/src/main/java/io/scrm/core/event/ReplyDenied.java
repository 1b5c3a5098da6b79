package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * The consent gate denied an outbound message; nothing was queued or sent. Immutable.
 *
 * @param at when
 * @param caseId the case, if any
 * @param recipient the customer
 * @param channel the channel
 * @param purpose the purpose
 * @param reason the gate's reason
 * @since 0.1.0
 */
public record ReplyDenied(Instant at, @Nullable CaseId caseId, ContactId recipient, ChannelId channel, String purpose, String reason) implements CrmEvent {
  /** Checks that no component is missing. */
  public ReplyDenied {
    java.util.Objects.requireNonNull(at, "at");
  }
}
