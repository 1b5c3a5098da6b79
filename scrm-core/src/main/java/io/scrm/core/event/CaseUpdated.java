package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import java.time.Instant;

/**
 * A case changed: an interaction was added, it was routed, or a note was made. Immutable.
 *
 * @param at when
 * @param caseId the case
 * @param action the audit action, e.g. {@code MESSAGE}
 * @param version the case's version after the change
 * @since 0.1.0
 */
public record CaseUpdated(Instant at, CaseId caseId, String action, long version) implements CrmEvent {
  /** Checks that no component is missing. */
  public CaseUpdated {
    java.util.Objects.requireNonNull(at, "at");
  }
}
