package io.scrm.core.process;

import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.SlaBreached;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.Priority;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What to do when an SLA clock warns or breaches: commands the engine applies to the case (raise
 * priority, reassign, escalate a level). Implementations must be thread-safe and should derive
 * command ids from the event (see {@link #commandId}), so that several engine instances acting on
 * the same breach apply it once.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface EscalationPolicy {
  /** The actor SLA escalations are recorded under. */
  Actor SLA = Actor.system("sla");

  /**
   * Returns the commands to apply for a warning or breach.
   *
   * @param c the case as it is
   * @param event the {@link io.scrm.core.event.SlaWarning} or {@link SlaBreached}
   * @return the commands, empty for none
   */
  List<CaseCommand> onSla(Case c, CrmEvent event);

  /**
   * Returns a policy that does nothing.
   *
   * @return the policy
   */
  static EscalationPolicy none() {
    return (c, event) -> List.of();
  }

  /**
   * Returns a policy that, on a breach, escalates one level, raises the priority one step and
   * optionally reassigns the case.
   *
   * @param reassignTo the agent to reassign breached cases to, or null to keep the assignee
   * @return the policy
   * @throws IllegalArgumentException if {@code reassignTo} is blank
   */
  static EscalationPolicy onBreach(@Nullable String reassignTo) {
    if (reassignTo != null && reassignTo.isBlank()) {
      throw new IllegalArgumentException("reassignTo must be null or not blank");
    }
    return (c, event) -> {
      if (!(event instanceof SlaBreached breach)) {
        return List.of();
      }
      Priority[] all = Priority.values();
      Priority raised = all[Math.min(all.length - 1, c.priority().ordinal() + 1)];
      List<CaseCommand> out = new ArrayList<>(2);
      out.add(CaseCommand.escalate(commandId(breach, "escalate"), SLA, c.escalationLevel() + 1, raised,
          "SLA " + breach.clock() + " breached"));
      if (reassignTo != null) {
        out.add(CaseCommand.assign(commandId(breach, "reassign"), SLA, reassignTo));
      }
      return List.copyOf(out);
    };
  }

  /**
   * Returns a command id derived from a breach, the same on every engine instance.
   *
   * @param breach the breach
   * @param what a name for the reaction, e.g. {@code escalate}
   * @return the id
   */
  static String commandId(SlaBreached breach, String what) {
    Objects.requireNonNull(breach, "breach");
    return "sla:" + breach.caseId() + ":" + breach.clock() + ":" + breach.cycleStart().toEpochMilli() + ":" + what;
  }
}
