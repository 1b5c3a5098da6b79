package io.scrm.core;

import io.scrm.core.model.CaseId;

/**
 * No case has the given id (it never existed or was erased).
 *
 * @since 0.1.0
 */
public final class CaseNotFoundException extends CaseException {
  private static final long serialVersionUID = 1L;

  private final transient CaseId caseId;

  /**
   * Creates the exception.
   *
   * @param caseId the id that was not found
   */
  public CaseNotFoundException(CaseId caseId) {
    super("case " + caseId + " not found");
    this.caseId = caseId;
  }

  /**
   * Returns the id that was not found.
   *
   * @return the case id
   */
  public CaseId caseId() {
    return caseId;
  }
}
