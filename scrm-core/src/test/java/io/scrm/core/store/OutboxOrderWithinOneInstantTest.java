package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundMessage;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two messages of one conversation written at the same instant of the engine's clock (a test clock,
 * a clock that ticks in milliseconds) go out in the order they were written.
 */
final class OutboxOrderWithinOneInstantTest {
  private static final Instant T0 = Instant.parse("2026-03-14T09:00:00Z");

  @Test
  void findDue_twoMessagesOfAConversationWrittenAtOneInstant_offersTheFirstWritten() {
    Stores stores = Stores.inMemory();
    SocialCrm crm = SocialCrm.builder().stores(stores).clock(Clock.fixed(T0, ZoneOffset.UTC))
        .consentPolicy(q -> ConsentDecision.allow("test", "test")).build();
    for (int chat = 0; chat < 20; chat++) {
      String thread = "8812" + chat;
      crm.send(ContactId.of("c" + chat), ChannelId.TELEGRAM, thread, "first", "transactional", Actor.SYSTEM);
      crm.send(ContactId.of("c" + chat), ChannelId.TELEGRAM, thread, "second", "transactional", Actor.SYSTEM);
    }

    List<OutboundMessage> due = stores.outbox().findDue(T0, 100);

    assertThat(due).hasSize(20).extracting(OutboundMessage::text).containsOnly("first");
  }
}
