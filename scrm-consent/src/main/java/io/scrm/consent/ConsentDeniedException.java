package io.scrm.consent;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.ContactId;

/**
 * The consent gate denied an action that has no "denied" result of its own, such as an export.
 *
 * @since 0.1.0
 */
public final class ConsentDeniedException extends ConsentException {
  private static final long serialVersionUID = 1L;
  private final ContactId subject;
  private final ConsentAction action;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param subject the data subject
   * @param action the denied action
   * @param reason the gate's reason
   */
  public ConsentDeniedException(ContactId subject, ConsentAction action, String reason) {
    super(action + " for subject " + subject + " denied: " + reason);
    this.subject = subject;
    this.action = action;
    this.reason = reason;
  }

  /**
   * Returns the data subject.
   *
   * @return the subject
   */
  public ContactId subject() {
    return subject;
  }

  /**
   * Returns the denied action.
   *
   * @return the action
   */
  public ConsentAction action() {
    return action;
  }

  /**
   * Returns the gate's reason.
   *
   * @return the reason
   */
  public String reason() {
    return reason;
  }
}
