package io.scrm.core.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One SLA clock of a case at one instant. Immutable and thread-safe.
 *
 * @param type which clock
 * @param phase where it stands
 * @param startedAt when its current cycle started (opening, or the last answer for keep-informed)
 * @param elapsed business time counted in the current cycle
 * @param target the policy's goal for it
 * @param dueAt when it reaches its goal if it keeps running; for a running or paused clock that passed
 *     its goal, when it did; else null
 * @param warning whether it passed the policy's warning threshold and is not breached
 * @param breached whether it passed its goal
 * @since 0.1.0
 */
public record SlaClock(SlaClockType type, SlaPhase phase, Instant startedAt, Duration elapsed, Duration target,
    @Nullable Instant dueAt, boolean warning, boolean breached) {

  /**
   * Validates the clock.
   *
   * @throws IllegalArgumentException if the elapsed time is negative
   */
  public SlaClock {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(phase, "phase");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(elapsed, "elapsed");
    Objects.requireNonNull(target, "target");
    if (elapsed.isNegative()) {
      throw new IllegalArgumentException("elapsed must not be negative, was " + elapsed);
    }
  }

  /**
   * Returns whether the clock is counting now.
   *
   * @return whether the phase is {@link SlaPhase#RUNNING}
   */
  public boolean running() {
    return phase == SlaPhase.RUNNING;
  }
}
