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
   * Tells the router that an agent no longer holds an open case it assigned or was told of with
   * {@link #taken}, so that capacity it counted for the agent is freed: the case was closed or
   * assigned to someone else, or a message this router assigned lost the race to open its thread's
   * case to another message of the thread. Called once per hold, after the change was stored. The
   * default does nothing.
   *
   * @param assignee the agent the case was assigned to
   */
  default void released(String assignee) {}

  /**
   * Tells the router that an agent holds an open case the router did not assign to them: the case
   * was assigned to them by a command (an agent's or an escalation's), or a closed case of theirs
   * was reopened. Called once per hold, after the change was stored; {@link #released} follows when
   * the hold ends. The default does nothing.
   *
   * @param assignee the agent who now holds the case
   * @since 0.1.0
   */
  default void taken(String assignee) {}

  /**
   * Returns the default router: every new thread opens an unrouted case.
   *
   * @return a stateless router
   */
  static IntakeRouter casesOnly() {
    return (message, author) -> IntakeDecision.defaultCase();
  }
}
