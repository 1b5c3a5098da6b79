package io.scrm.core;

import io.scrm.core.model.Contact;
import io.scrm.core.model.Interaction;

/**
 * Decides what a message that starts something new becomes: a case or a lead, and where it is
 * routed. Asked by {@link SocialCrm#ingest} when a message's thread has no open case or lead.
 * Implementations must be thread-safe and deterministic for the same input and state.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface IntakeRouter {

  /**
   * Decides on a message.
   *
   * @param message the new inbound message (already stored)
   * @param author the author's contact
   * @return the decision
   */
  IntakeDecision route(Interaction message, Contact author);

  /**
   * Tells the router that an agent's work item ended (the case was closed), so that capacity it
   * counted for the agent is freed. Called once per case, after the close was stored. The default
   * does nothing.
   *
   * @param assignee the agent the case was assigned to
   */
  default void released(String assignee) {}

  /**
   * Returns the default router: every new thread opens an unrouted case.
   *
   * @return a stateless router
   */
  static IntakeRouter casesOnly() {
    return (message, author) -> IntakeDecision.defaultCase();
  }
}
