package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.LeadId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A message that starts something new was routed: it became a case or a lead, in a queue, for an
 * agent, for the reason the explanation gives (rule ids and condition names, never message text).
 * Immutable.
 *
 * @param at when
 * @param interaction the message
 * @param caseId the case opened, or null if a lead was created
 * @param leadId the lead created, or null if a case was opened
 * @param queue the queue, if any
 * @param assignee the agent, if one was assigned
 * @param explanation why: the winning rule, its matched conditions, the losers and the scoring rules
 * @since 0.1.0
 */
public record IntakeRouted(Instant at, InteractionId interaction, @Nullable CaseId caseId, @Nullable LeadId leadId,
    @Nullable String queue, @Nullable String assignee, String explanation) implements CrmEvent {

  /**
   * Validates the event.
   *
   * @throws IllegalArgumentException unless exactly one of caseId and leadId is given
   */
  public IntakeRouted {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(interaction, "interaction");
    Objects.requireNonNull(explanation, "explanation");
    if ((caseId == null) == (leadId == null)) {
      throw new IllegalArgumentException("exactly one of caseId and leadId must be given");
    }
  }
}
