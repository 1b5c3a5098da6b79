package io.scrm.core.event;

import io.scrm.core.model.CaseId;
import io.scrm.core.process.SlaClockType;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An SLA clock of a case passed its goal. Immutable.
 *
 * @param at when it was noticed (by the engine's clock)
 * @param caseId the case
 * @param clock which clock
 * @param cycleStart when the clock's current cycle started
 * @param dueAt when the goal was reached, if known
 * @since 0.1.0
 */
public record SlaBreached(Instant at, CaseId caseId, SlaClockType clock, Instant cycleStart, @Nullable Instant dueAt)
    implements CrmEvent {
  /** Checks that no component is missing. */
  public SlaBreached {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(cycleStart, "cycleStart");
  }
}
