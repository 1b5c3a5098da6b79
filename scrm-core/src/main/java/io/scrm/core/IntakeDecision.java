package io.scrm.core;

import io.scrm.core.model.CaseType;
import io.scrm.core.model.Priority;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to do with a message that starts something new: open a case or create a lead, where to route
 * it, and why. Immutable and thread-safe.
 *
 * @param target case or lead
 * @param type the case type (ignored for leads)
 * @param priority the priority
 * @param queue the queue or team to route to, if any
 * @param assignee the agent to assign, if any
 * @param scorePoints lead score points for this message (ignored for cases)
 * @param tags labels to set
 * @param explanation why: which rule decided, with which conditions (ids only, no message text)
 * @since 0.1.0
 */
public record IntakeDecision(
    Target target,
    CaseType type,
    Priority priority,
    @Nullable String queue,
    @Nullable String assignee,
    int scorePoints,
    List<String> tags,
    String explanation) {

  /**
   * Whether a message becomes a case or a lead.
   *
   * @since 0.1.0
   */
  public enum Target {
    /** A customer's matter for service. */
    CASE,
    /** A sales-relevant inquiry for sales. */
    LEAD
  }

  /**
   * Validates the decision.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public IntakeDecision {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(priority, "priority");
    if (queue != null && queue.isBlank()) {
      throw new IllegalArgumentException("queue must be null or not blank");
    }
    if (assignee != null && assignee.isBlank()) {
      throw new IllegalArgumentException("assignee must be null or not blank");
    }
    tags = List.copyOf(tags);
    Objects.requireNonNull(explanation, "explanation");
  }

  /**
   * Returns the default decision: a case of type question, normal priority, not routed.
   *
   * @return the default
   */
  public static IntakeDecision defaultCase() {
    return new IntakeDecision(Target.CASE, CaseType.QUESTION, Priority.NORMAL, null, null, 0, List.of(),
        "default: every new thread opens a case");
  }
}
