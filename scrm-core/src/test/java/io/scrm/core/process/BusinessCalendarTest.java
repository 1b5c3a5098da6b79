package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

final class BusinessCalendarTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder(BERLIN)
      .weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0))
      .holidays(LocalDate.of(2026, 12, 24), LocalDate.of(2026, 12, 25))
      .build();

  @Test
  void plus_overWeekend_continuesOnMonday() {
    Instant friday17 = Instant.parse("2026-11-20T16:00:00Z");
    assertThat(OFFICE.plus(friday17, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-11-23T09:00:00Z"));
    assertThat(OFFICE.between(friday17, Instant.parse("2026-11-23T09:00:00Z"))).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void plus_overHolidays_skipsThem() {
    Instant wednesday17 = Instant.parse("2026-12-23T16:00:00Z");
    assertThat(OFFICE.plus(wednesday17, Duration.ofHours(2))).isEqualTo(Instant.parse("2026-12-28T09:00:00Z"));
  }

  @Test
  void plus_overSpringDstSwitch_keepsLocalOfficeHours() {
    Instant friday17Cet = Instant.parse("2026-03-27T16:00:00Z");
    Instant monday10Cest = Instant.parse("2026-03-30T08:00:00Z");
    assertThat(OFFICE.plus(friday17Cet, Duration.ofHours(2))).isEqualTo(monday10Cest);
    assertThat(OFFICE.between(friday17Cet, monday10Cest)).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void between_fullDayCalendarOnDstDays_counts23And25Hours() {
    BusinessCalendar allDays = BusinessCalendar.builder(BERLIN)
        .hours(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, DayOfWeek.values()).build();
    Instant springSunday = Instant.parse("2026-03-28T23:00:00Z");
    assertThat(allDays.between(springSunday, Instant.parse("2026-03-29T22:00:00Z"))).isEqualTo(Duration.ofHours(23));
    Instant autumnSunday = Instant.parse("2026-10-24T22:00:00Z");
    assertThat(allDays.between(autumnSunday, Instant.parse("2026-10-25T23:00:00Z"))).isEqualTo(Duration.ofHours(25));
  }

  @Test
  void twentyFourSeven_countsRealTimeAcrossDst() {
    BusinessCalendar always = BusinessCalendar.twentyFourSeven(BERLIN);
    Instant saturdayNoon = Instant.parse("2026-03-28T11:00:00Z");
    assertThat(always.plus(saturdayNoon, Duration.ofHours(24))).isEqualTo(Instant.parse("2026-03-29T11:00:00Z"));
    assertThat(always.isOpen(Instant.parse("2026-03-29T01:30:00Z"))).isTrue();
  }

  @Test
  void isOpen_nightWeekendAndHoliday_areClosed() {
    assertThat(OFFICE.isOpen(Instant.parse("2026-11-23T10:00:00Z"))).isTrue();
    assertThat(OFFICE.isOpen(Instant.parse("2026-11-23T20:00:00Z"))).isFalse();
    assertThat(OFFICE.isOpen(Instant.parse("2026-11-22T10:00:00Z"))).isFalse();
    assertThat(OFFICE.isOpen(Instant.parse("2026-12-24T10:00:00Z"))).isFalse();
  }

  @Test
  void plus_amountBeyondAHundredYears_isRefusedOnEveryCalendar() {
    Instant monday = Instant.parse("2026-11-23T10:00:00Z");
    for (BusinessCalendar calendar : new BusinessCalendar[] {OFFICE, BusinessCalendar.twentyFourSeven(BERLIN)}) {
      for (Duration amount : new Duration[] {Duration.ofDays(200 * 366), Duration.ofSeconds(Long.MAX_VALUE)}) {
        assertThatThrownBy(() -> calendar.plus(monday, amount)).as("%s + %s", calendar, amount)
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("36600 days");
      }
    }
    assertThat(BusinessCalendar.twentyFourSeven(BERLIN).plus(monday, Duration.ofDays(99 * 365)))
        .isEqualTo(monday.plus(Duration.ofDays(99 * 365)));
  }

  @Test
  void plus_hoursThatLieInTheSpringGap_countNoTimeOnThatDay() {
    BusinessCalendar sundays = BusinessCalendar.builder(BERLIN)
        .hours(LocalTime.of(2, 30), LocalTime.of(3, 0), DayOfWeek.SUNDAY).build();
    Instant saturday = Instant.parse("2026-03-28T12:00:00Z");
    Instant nextSunday0300Cest = Instant.parse("2026-04-05T01:00:00Z");

    assertThat(sundays.between(saturday, Instant.parse("2026-03-30T00:00:00Z"))).isZero();
    assertThat(sundays.isOpen(Instant.parse("2026-03-29T01:15:00Z"))).isFalse();
    assertThat(sundays.plus(saturday, Duration.ofMinutes(30))).isEqualTo(nextSunday0300Cest);
  }

  @Test
  void plus_andBetween_agreeForAnyHoursAcrossDstSwitchesAndHolidays() {
    // starts in the ten days before the spring or the autumn switch, hours most often around 2 and 3 o'clock
    Instant[] bases = {Instant.parse("2026-03-20T00:00:00Z"), Instant.parse("2026-10-16T00:00:00Z")};
    qt().forAll(integers().between(0, 47), integers().between(1, 48), longs().between(0, 2 * 86_400L * 10),
        longs().between(0, 86_400L * 20)).checkAssert((anyOpen, halfHours, start, seconds) -> {
          int opensAt = anyOpen < 24 ? 3 + anyOpen % 5 : anyOpen;
          LocalTime open = LocalTime.of(opensAt / 2, opensAt % 2 * 30);
          int closesAt = Math.min(48, opensAt + halfHours);
          LocalTime close = closesAt == 48 ? LocalTime.MIDNIGHT : LocalTime.of(closesAt / 2, closesAt % 2 * 30);
          BusinessCalendar calendar = BusinessCalendar.builder(BERLIN)
              .hours(open, close, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.WEDNESDAY)
              .holidays(LocalDate.of(2026, 4, 5), LocalDate.of(2026, 10, 25)).build();
          Instant from = bases[(int) (start % 2)].plusSeconds(start / 2);
          Duration amount = Duration.ofSeconds(seconds);

          Instant end = calendar.plus(from, amount);

          assertThat(calendar.between(from, end)).as("%s-%s from %s", open, close, from).isEqualTo(amount);
          if (!amount.isZero()) {
            assertThat(calendar.between(from, end.minusNanos(1))).isLessThan(amount);
          }
        });
  }
}
