package io.scrm.core.process;

import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;

/**
 * What a transition does to the case: computes the case after the step from the case before, the
 * command, the target state and the audit entry. The result must be the same case, in state {@code
 * to}, carry {@code open} and have {@code entry} appended as its one new audit entry; {@link Case#next}
 * does all of that in one allocation. {@link ProcessDefinition#apply} refuses any other result.
 * Implementations must be thread-safe; they may have side effects only if those are idempotent,
 * because a command that loses an optimistic-concurrency race is applied again on the fresh case.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Action {
  /** Moves the case to the target state and changes nothing else. */
  Action MOVE = (current, command, to, open, entry) -> current.next(to, open, current.priority(), current.queue(),
      current.assignee(), current.escalationLevel(), entry);

  /**
   * Performs the step.
   *
   * @param current the case before
   * @param command the command
   * @param to the target state
   * @param open whether the case stays open (false for terminal states)
   * @param entry the audit entry to append
   * @return the case after
   */
  Case perform(Case current, CaseCommand command, CaseState to, boolean open, AuditEntry entry);
}
