package io.scrm.core.event;

import io.scrm.core.model.LeadId;
import java.time.Instant;
import java.util.Objects;

/**
 * A lead's score changed by the points of one source event, counted once. Immutable.
 *
 * @param at when
 * @param leadId the lead
 * @param sourceEvent the id of the event that was counted
 * @param points the points it added (may be negative)
 * @param score the lead's score after it
 * @since 0.1.0
 */
public record LeadScored(Instant at, LeadId leadId, String sourceEvent, int points, int score) implements CrmEvent {
  /** Checks that no component is missing. */
  public LeadScored {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(sourceEvent, "sourceEvent");
  }
}
