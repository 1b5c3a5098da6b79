package io.scrm.core.process;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * When SLA clocks run: business hours per weekday in a time zone, minus holidays, or around the clock.
 * Immutable and thread-safe.
 *
 * <p>Days are computed in the calendar's zone, so a business day keeps its local hours across a
 * daylight-saving switch; a 24/7 calendar counts real elapsed time (a DST switch day has 23 or 25
 * hours). A time that does not exist locally (in the spring gap) moves forward as {@link
 * java.time.ZonedDateTime} does; a day whose opening thus moves to or past its closing has no
 * business time.
 *
 * @since 0.1.0
 */
public final class BusinessCalendar {
  /** How many days in a row without business time {@link #plus} looks at before it gives up. */
  private static final int MAX_DAYS = 3 * 366;
  /** How many calendar days {@link #plus} looks ahead at most. */
  private static final int MAX_SPAN_DAYS = 100 * 366;

  private final ZoneId zone;
  private final boolean allDay;
  private final Map<DayOfWeek, LocalTime[]> hours;
  private final Set<LocalDate> holidays;

  private BusinessCalendar(ZoneId zone, boolean allDay, Map<DayOfWeek, LocalTime[]> hours, Set<LocalDate> holidays) {
    this.zone = zone;
    this.allDay = allDay;
    this.hours = hours;
    this.holidays = holidays;
  }

  /**
   * Returns a calendar that runs around the clock, every day.
   *
   * @param zone the time zone (only used for display; 24/7 time is real elapsed time)
   * @return the calendar
   */
  public static BusinessCalendar twentyFourSeven(ZoneId zone) {
    return new BusinessCalendar(Objects.requireNonNull(zone, "zone"), true, Map.of(), Set.of());
  }

  /**
   * Returns a builder for business hours in a zone.
   *
   * @param zone the time zone, e.g. {@code Europe/Berlin}
   * @return a new builder
   */
  public static Builder builder(ZoneId zone) {
    return new Builder(zone);
  }

  /**
   * Returns the calendar's time zone.
   *
   * @return the zone
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * Returns how much business time lies between two instants.
   *
   * @param from the start
   * @param to the end
   * @return the business time, zero if {@code to} is not after {@code from}
   */
  public Duration between(Instant from, Instant to) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    if (!to.isAfter(from)) {
      return Duration.ZERO;
    }
    if (allDay) {
      return Duration.between(from, to);
    }
    long seconds = 0;
    long nanos = 0;
    LocalDate day = from.atZone(zone).toLocalDate();
    LocalDate last = to.atZone(zone).toLocalDate();
    for (; !day.isAfter(last); day = day.plusDays(1)) {
      Instant[] w = window(day);
      if (w == null) {
        continue;
      }
      Instant s = w[0].isAfter(from) ? w[0] : from;
      Instant e = w[1].isBefore(to) ? w[1] : to;
      if (e.isAfter(s)) {
        Duration d = Duration.between(s, e);
        seconds += d.getSeconds();
        nanos += d.getNano();
      }
    }
    return Duration.ofSeconds(seconds, nanos);
  }

  /**
   * Returns the instant at which the given amount of business time has passed after a start.
   *
   * @param from the start
   * @param amount the business time, not negative
   * @return the instant
   * @throws IllegalArgumentException if the amount is negative
   * @throws IllegalStateException if the calendar has no business time for three years in a row, or
   *     the amount reaches more than a hundred years ahead
   */
  public Instant plus(Instant from, Duration amount) {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount);
    }
    if (allDay) {
      if (amount.compareTo(Duration.ofDays(MAX_SPAN_DAYS)) > 0) {
        throw new IllegalStateException(beyondSpan(amount));
      }
      return from.plus(amount);
    }
    Duration left = amount;
    LocalDate day = from.atZone(zone).toLocalDate();
    // the days without business time in a row: a goal of many weeks on a calendar of a few hours a
    // week spans years, but a calendar without any business time must not be searched for ever
    int idle = 0;
    for (int i = 0; i < MAX_SPAN_DAYS && idle < MAX_DAYS; i++, day = day.plusDays(1)) {
      Instant[] w = window(day);
      if (w == null || !w[1].isAfter(from)) {
        idle++;
        continue;
      }
      idle = 0;
      Instant s = w[0].isAfter(from) ? w[0] : from;
      Duration available = Duration.between(s, w[1]);
      if (left.compareTo(available) <= 0) {
        if (left.isZero() && s.equals(from)) {
          return from;
        }
        return s.plus(left);
      }
      left = left.minus(available);
    }
    throw new IllegalStateException(idle >= MAX_DAYS ? "no business time within " + MAX_DAYS + " days"
        : beyondSpan(amount));
  }

  private static String beyondSpan(Duration amount) {
    return amount + " of business time reaches beyond " + MAX_SPAN_DAYS + " days";
  }

  /**
   * Returns whether the instant lies within business time.
   *
   * @param at the instant
   * @return whether clocks on this calendar run at that time
   */
  public boolean isOpen(Instant at) {
    if (allDay) {
      return true;
    }
    Instant[] w = window(at.atZone(zone).toLocalDate());
    return w != null && !at.isBefore(w[0]) && at.isBefore(w[1]);
  }

  private Instant @Nullable [] window(LocalDate day) {
    if (holidays.contains(day)) {
      return null;
    }
    LocalTime[] h = hours.get(day.getDayOfWeek());
    if (h == null) {
      return null;
    }
    Instant open = day.atTime(h[0]).atZone(zone).toInstant();
    Instant close = h[1].equals(LocalTime.MIDNIGHT)
        ? day.plusDays(1).atStartOfDay(zone).toInstant()
        : day.atTime(h[1]).atZone(zone).toInstant();
    // hours in the spring gap move forward, the opening there past a closing that exists
    return close.isAfter(open) ? new Instant[] {open, close} : null;
  }

  @Override
  public String toString() {
    return allDay ? "BusinessCalendar[24/7]" : "BusinessCalendar[" + zone + ", " + hours.size() + " days/week, "
        + holidays.size() + " holidays]";
  }

  /**
   * Builds a {@link BusinessCalendar}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ZoneId zone;
    private final Map<DayOfWeek, LocalTime[]> hours = new EnumMap<>(DayOfWeek.class);
    private final Set<LocalDate> holidays = new HashSet<>();

    private Builder(ZoneId zone) {
      this.zone = Objects.requireNonNull(zone, "zone");
    }

    /**
     * Sets the business hours of weekdays.
     *
     * @param open when the day's business time starts (local time)
     * @param close when it ends; {@link LocalTime#MIDNIGHT} means the end of the day
     * @param days the weekdays
     * @return this builder
     * @throws IllegalArgumentException if {@code close} is not after {@code open} or no day is given
     */
    public Builder hours(LocalTime open, LocalTime close, DayOfWeek... days) {
      Objects.requireNonNull(open, "open");
      Objects.requireNonNull(close, "close");
      if (!close.equals(LocalTime.MIDNIGHT) && !close.isAfter(open)) {
        throw new IllegalArgumentException("close must be after open, was " + open + "-" + close);
      }
      if (days.length == 0) {
        throw new IllegalArgumentException("days must not be empty");
      }
      for (DayOfWeek d : days) {
        hours.put(Objects.requireNonNull(d, "days"), new LocalTime[] {open, close});
      }
      return this;
    }

    /**
     * Sets the same business hours Monday to Friday.
     *
     * @param open start of the day's business time
     * @param close end of it
     * @return this builder
     */
    public Builder weekdays(LocalTime open, LocalTime close) {
      return hours(open, close, DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY,
          DayOfWeek.FRIDAY);
    }

    /**
     * Adds holidays (no business time on these local dates).
     *
     * @param dates the dates
     * @return this builder
     */
    public Builder holidays(LocalDate... dates) {
      for (LocalDate d : dates) {
        holidays.add(Objects.requireNonNull(d, "holidays"));
      }
      return this;
    }

    /**
     * Builds the calendar.
     *
     * @return the calendar
     * @throws IllegalStateException if no business hours were set
     */
    public BusinessCalendar build() {
      if (hours.isEmpty()) {
        throw new IllegalStateException("hours must be set for at least one weekday");
      }
      return new BusinessCalendar(zone, false, new EnumMap<>(hours), Set.copyOf(holidays));
    }
  }
}
