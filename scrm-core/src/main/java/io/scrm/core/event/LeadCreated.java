package io.scrm.core.event;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.LeadId;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * A new lead was created. Immutable.
 *
 * @param at when
 * @param leadId the lead
 * @param contact the prospect
 * @param channel the source channel
 * @param campaign the campaign code, if any
 * @since 0.1.0
 */
public record LeadCreated(Instant at, LeadId leadId, ContactId contact, ChannelId channel, @Nullable String campaign) implements CrmEvent {
  /** Checks that no component is missing. */
  public LeadCreated {
    java.util.Objects.requireNonNull(at, "at");
    java.util.Objects.requireNonNull(leadId, "leadId");
    java.util.Objects.requireNonNull(contact, "contact");
    java.util.Objects.requireNonNull(channel, "channel");
  }
}
