package io.scrm.core.routing;

import io.scrm.core.IntakeDecision;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.Priority;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the rules decided for one request, before assignment within a team. Immutable and thread-safe.
 *
 * @param target case or lead
 * @param caseType the case type (for cases)
 * @param priority the priority
 * @param queue the queue or team, if any
 * @param agent the agent a rule routed to directly, if any
 * @param requiredSkills skills the assigned agent needs
 * @param scorePoints the lead score points of all applied rules
 * @param tags the tags of all applied rules
 * @param explanation why
 * @since 0.1.0
 */
public record RoutingDecision(
    IntakeDecision.Target target,
    CaseType caseType,
    Priority priority,
    @Nullable String queue,
    @Nullable String agent,
    Set<String> requiredSkills,
    int scorePoints,
    List<String> tags,
    Explanation explanation) {

  /**
   * Validates the decision.
   *
   * @throws NullPointerException if a component is missing
   */
  public RoutingDecision {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(caseType, "caseType");
    Objects.requireNonNull(priority, "priority");
    requiredSkills = Set.copyOf(requiredSkills);
    tags = List.copyOf(tags);
    Objects.requireNonNull(explanation, "explanation");
  }

  /**
   * Converts to the engine's intake decision.
   *
   * @param assignee the agent assigned within the queue, or null
   * @return the intake decision, its explanation the {@linkplain Explanation#summary() summary}
   */
  public IntakeDecision toIntakeDecision(@Nullable String assignee) {
    return new IntakeDecision(target, caseType, priority, queue, assignee, scorePoints, tags, explanation.summary());
  }
}
