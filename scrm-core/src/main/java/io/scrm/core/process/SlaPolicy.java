package io.scrm.core.process;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The service levels for a queue or priority: goals for first response, keep-informed interval and
 * resolution, counted on a business calendar. Immutable and thread-safe.
 *
 * @param name the policy's name (for status and logs)
 * @param firstResponse goal from opening to our first answer
 * @param keepInformed goal between our answers while the case is not resolved
 * @param resolution goal from opening to resolution
 * @param warnAt fraction of a goal after which a warning is raised, in (0, 1]
 * @param calendar when the clocks run; each goal must fit into a hundred years of it
 * @since 0.1.0
 */
public record SlaPolicy(String name, Duration firstResponse, Duration keepInformed, Duration resolution,
    double warnAt, BusinessCalendar calendar) {
  /** Where a goal is counted from to check that the calendar reaches it. */
  private static final Instant CHECKED_FROM = Instant.parse("2000-01-03T00:00:00Z");

  /**
   * Validates the policy.
   *
   * @throws IllegalArgumentException naming the field that is invalid, also a goal that takes its
   *     calendar more than a hundred years (see {@link BusinessCalendar#plus})
   */
  public SlaPolicy {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name must not be blank");
    }
    positive(firstResponse, "firstResponse");
    positive(keepInformed, "keepInformed");
    positive(resolution, "resolution");
    if (!(warnAt > 0 && warnAt <= 1)) {
      throw new IllegalArgumentException("warnAt must be in (0, 1], was " + warnAt);
    }
    Objects.requireNonNull(calendar, "calendar");
    reachable(firstResponse, "firstResponse", calendar);
    reachable(keepInformed, "keepInformed", calendar);
    reachable(resolution, "resolution", calendar);
  }

  private static void positive(Duration d, String field) {
    Objects.requireNonNull(d, field);
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(field + " must be positive, was " + d);
    }
  }

  // a goal the calendar cannot count would fail every computation of the clocks, so it fails here
  private static void reachable(Duration goal, String field, BusinessCalendar calendar) {
    try {
      calendar.plus(CHECKED_FROM, goal);
    } catch (IllegalStateException e) {
      throw new IllegalArgumentException(field + " cannot be counted on " + calendar + ": " + e.getMessage(), e);
    }
  }

  /**
   * Returns the goal of one clock.
   *
   * @param type the clock
   * @return its goal
   */
  public Duration target(SlaClockType type) {
    return switch (type) {
      case FIRST_RESPONSE -> firstResponse;
      case KEEP_INFORMED -> keepInformed;
      case RESOLUTION -> resolution;
    };
  }
}
