package io.scrm.core.routing;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Opening hours in a time zone: on the given days from {@code opens} (inclusive) to {@code closes}
 * (exclusive). Immutable and thread-safe.
 *
 * @param zone the time zone
 * @param days the working days
 * @param opens the opening time
 * @param closes the closing time, after {@code opens}
 * @since 0.1.0
 */
public record BusinessHours(ZoneId zone, Set<DayOfWeek> days, LocalTime opens, LocalTime closes) {

  /**
   * Validates the hours.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public BusinessHours {
    Objects.requireNonNull(zone, "zone");
    Objects.requireNonNull(days, "days");
    if (days.isEmpty()) {
      throw new IllegalArgumentException("days must not be empty");
    }
    days = Set.copyOf(EnumSet.copyOf(days));
    Objects.requireNonNull(opens, "opens");
    Objects.requireNonNull(closes, "closes");
    if (!closes.isAfter(opens)) {
      throw new IllegalArgumentException("closes must be after opens");
    }
  }

  /**
   * Returns Monday to Friday, 8:00 to 18:00 in Europe/Berlin.
   *
   * @return the hours
   */
  public static BusinessHours germanOffice() {
    return new BusinessHours(ZoneId.of("Europe/Berlin"),
        EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY), LocalTime.of(8, 0), LocalTime.of(18, 0));
  }

  /**
   * Whether the instant falls within the hours.
   *
   * @param at the instant
   * @return true if open
   */
  public boolean contains(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    LocalTime time = local.toLocalTime();
    return days.contains(local.getDayOfWeek()) && !time.isBefore(opens) && time.isBefore(closes);
  }
}
