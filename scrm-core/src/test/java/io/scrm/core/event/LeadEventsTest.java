package io.scrm.core.event;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.LeadId;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class LeadEventsTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

  @Test
  void leadCreated_withoutLeadContactOrChannel_refusedNamingTheComponent() {
    assertThatThrownBy(() -> new LeadCreated(T0, null, ContactId.of("c1"), ChannelId.X, null))
        .isInstanceOf(NullPointerException.class).hasMessage("leadId");
    assertThatThrownBy(() -> new LeadCreated(T0, LeadId.of("l1"), null, ChannelId.X, null))
        .isInstanceOf(NullPointerException.class).hasMessage("contact");
    assertThatThrownBy(() -> new LeadCreated(T0, LeadId.of("l1"), ContactId.of("c1"), null, "HAUSBAU24"))
        .isInstanceOf(NullPointerException.class).hasMessage("channel");
  }
}
