package io.scrm.core.event;

import java.time.Instant;

/**
 * Something that happened in the engine, published after the state change it describes. Every event
 * is an immutable record carrying ids only, never message text or personal data.
 *
 * @since 0.1.0
 */
public sealed interface CrmEvent
    permits InteractionIngested,
        InteractionEdited,
        InteractionDeleted,
        ContactCreated,
        IdentityLinked,
        CaseOpened,
        CaseUpdated,
        LeadCreated,
        IntakeRouted,
        LeadScored,
        LeadStageChanged,
        ReplyQueued,
        ReplyDenied,
        OutboundSent,
        OutboundDeadLettered,
        OutboundCancelled,
        OutboundRetryScheduled,
        SpikeDetected,
        CaseTransitioned,
        SlaWarning,
        SlaBreached {

  /**
   * Returns when the event happened, by the engine's clock.
   *
   * @return the time
   */
  Instant at();
}
