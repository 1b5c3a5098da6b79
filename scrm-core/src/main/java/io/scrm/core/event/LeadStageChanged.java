package io.scrm.core.event;

import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import java.time.Instant;
import java.util.Objects;

/**
 * A lead moved to another funnel stage, e.g. because its score crossed a threshold. Immutable.
 *
 * @param at when
 * @param leadId the lead
 * @param from the stage before
 * @param to the stage after
 * @param score the lead's score at the change
 * @since 0.1.0
 */
public record LeadStageChanged(Instant at, LeadId leadId, LeadStage from, LeadStage to, int score) implements CrmEvent {
  /** Checks that no component is missing. */
  public LeadStageChanged {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(leadId, "leadId");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
