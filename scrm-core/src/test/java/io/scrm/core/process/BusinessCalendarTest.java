package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
}
