package io.scrm.core.process;

import io.scrm.core.model.CaseId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The SLA clocks of a case at one instant: a pure function of the case's audit trail, the policy and
 * the time, so it can be replayed. Immutable and thread-safe.
 *
 * @param caseId the case
 * @param policy the name of the policy applied
 * @param at the instant it describes
 * @param clocks first response, keep-informed and resolution, in this order
 * @since 0.1.0
 */
public record SlaStatus(CaseId caseId, String policy, Instant at, List<SlaClock> clocks) {

  /**
   * Validates the status.
   *
   * @throws IllegalArgumentException if the clocks are not the three clocks in order
   */
  public SlaStatus {
    Objects.requireNonNull(caseId, "caseId");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(at, "at");
    clocks = List.copyOf(clocks);
    if (clocks.size() != SlaClockType.values().length) {
      throw new IllegalArgumentException("clocks must hold one clock per type");
    }
    for (int i = 0; i < clocks.size(); i++) {
      if (clocks.get(i).type() != SlaClockType.values()[i]) {
        throw new IllegalArgumentException("clocks must be in the order of SlaClockType");
      }
    }
  }

  /**
   * Returns one clock.
   *
   * @param type which
   * @return the clock
   */
  public SlaClock clock(SlaClockType type) {
    return clocks.get(type.ordinal());
  }

  /**
   * Returns whether any clock is counting now.
   *
   * @return whether any clock runs
   */
  public boolean anyRunning() {
    for (SlaClock c : clocks) {
      if (c.running()) {
        return true;
      }
    }
    return false;
  }
}
