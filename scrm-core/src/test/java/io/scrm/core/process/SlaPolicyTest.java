package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.SocialCrm;
import io.scrm.core.model.CaseId;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

final class SlaPolicyTest {
  private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder(BERLIN)
      .weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)).build();
  private static final BusinessCalendar ALWAYS = BusinessCalendar.twentyFourSeven(BERLIN);

  @Test
  void goalBeyondWhatTheCalendarCounts_isRefusedNamingTheGoal() {
    assertThatThrownBy(() -> new SlaPolicy("p", Duration.ofHours(1), Duration.ofHours(2), Duration.ofDays(300 * 366),
        0.8, ALWAYS)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("resolution");
    assertThatThrownBy(() -> new SlaPolicy("p", Duration.ofDays(40 * 366), Duration.ofHours(2), Duration.ofHours(8),
        0.8, OFFICE)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("firstResponse");
    assertThatThrownBy(() -> new SlaPolicy("p", Duration.ofHours(1), Duration.ofSeconds(Long.MAX_VALUE),
        Duration.ofHours(8), 0.8, OFFICE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("keepInformed");
  }

  @Test
  void longestGoalsTheCalendarCounts_areAccepted_andTheirClocksAreComputed() {
    SlaPolicy slow = new SlaPolicy("slow", Duration.ofDays(90 * 365), Duration.ofDays(5), Duration.ofDays(90 * 365),
        0.8, ALWAYS);
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(slow).build()));
    CaseId id = f.open();
    f.clock.advance(Duration.ofHours(3));

    assertThat(f.crm.slaStatus(id).clock(SlaClockType.RESOLUTION).dueAt())
        .isEqualTo(Fixture.T0.plus(Duration.ofDays(90 * 365)));
    assertThat(f.crm.tick()).isEmpty();
    assertThat(new SlaPolicy("claims", Duration.ofHours(8), Duration.ofDays(5), Duration.ofDays(300), 0.8, OFFICE)
        .resolution()).isEqualTo(Duration.ofDays(300));
  }
}
