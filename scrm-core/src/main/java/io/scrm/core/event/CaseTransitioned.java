package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import java.time.Instant;
import java.util.Objects;

/**
 * A command was applied to a case by its process and stored. Immutable.
 *
 * @param at when
 * @param caseId the case
 * @param commandId the command's id
 * @param command the command's kind, e.g. {@code RESOLVE}
 * @param from the state before
 * @param to the state after (equal to {@code from} for notes, assignments and escalations)
 * @param version the case's version after the change
 * @since 0.1.0
 */
public record CaseTransitioned(Instant at, CaseId caseId, String commandId, String command, CaseState from,
    CaseState to, long version) implements CrmEvent {
  /** Checks that no component is missing. */
  public CaseTransitioned {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(commandId, "commandId");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
  }
}
