package io.scrm.core.process;

import io.scrm.core.CaseException;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;

/**
 * A command is not allowed in the case's current state: the process has no transition for it there,
 * or no transition whose guard holds. Nothing was changed.
 *
 * @since 0.1.0
 */
public final class IllegalCommandException extends CaseException {
  private static final long serialVersionUID = 1L;

  private final transient CaseId caseId;
  private final transient CaseState state;
  private final transient CommandKind command;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param caseId the case
   * @param state the case's state
   * @param command the command that was refused
   * @param reason why, e.g. {@code no transition} or the name of the guard that did not hold
   */
  public IllegalCommandException(CaseId caseId, CaseState state, CommandKind command, String reason) {
    super("case " + caseId + " in state " + state + ": command " + command + " refused (" + reason + ")");
    this.caseId = caseId;
    this.state = state;
    this.command = command;
    this.reason = reason;
  }

  /**
   * Returns the case.
   *
   * @return the case id
   */
  public CaseId caseId() {
    return caseId;
  }

  /**
   * Returns the state the case was in.
   *
   * @return the state
   */
  public CaseState state() {
    return state;
  }

  /**
   * Returns the refused command's kind.
   *
   * @return the command kind
   */
  public CommandKind command() {
    return command;
  }

  /**
   * Returns why the command was refused.
   *
   * @return {@code no transition}, or {@code guard not met: } and the guards' names
   */
  public String reason() {
    return reason;
  }
}
