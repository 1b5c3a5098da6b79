package io.scrm.core.process;

import io.scrm.core.model.Case;
import java.time.Instant;

/**
 * A condition a transition needs: a predicate on the case, the command and the engine's time.
 * Implementations must be pure (no side effects, same answer for the same arguments) and
 * thread-safe, because definitions are shared by all cases and threads.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Guard {
  /** A guard that always holds. */
  Guard ALWAYS = (current, command, now) -> true;

  /**
   * Tests the condition.
   *
   * @param current the case as it is
   * @param command the command
   * @param now the engine's time
   * @return whether the transition may happen
   */
  boolean test(Case current, CaseCommand command, Instant now);
}
