package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.LeadId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A new inbound interaction was stored and attached to a case or lead. Immutable.
 *
 * @param at when
 * @param interaction the interaction
 * @param channel its channel
 * @param contact the author's contact
 * @param caseId the case it was attached to, if any
 * @param leadId the lead it was attached to, if any
 * @since 0.1.0
 */
public record InteractionIngested(Instant at, InteractionId interaction, ChannelId channel, ContactId contact, @Nullable CaseId caseId, @Nullable LeadId leadId) implements CrmEvent {
  /** Checks that no component is missing. */
  public InteractionIngested {
    java.util.Objects.requireNonNull(at, "at");
  }
}
