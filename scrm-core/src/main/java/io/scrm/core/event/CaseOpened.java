package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;

/**
 * A new case was opened. Immutable.
 *
 * @param at when
 * @param caseId the case
 * @param contact the customer
 * @param channel the origin channel
 * @param threadId the origin thread
 * @since 0.1.0
 */
public record CaseOpened(Instant at, CaseId caseId, ContactId contact, ChannelId channel, String threadId) implements CrmEvent {
  /** Checks that no component is missing. */
  public CaseOpened {
    java.util.Objects.requireNonNull(at, "at");
  }
}
