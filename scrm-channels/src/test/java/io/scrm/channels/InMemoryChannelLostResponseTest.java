package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A lost response means the platform delivered the message but the sender never heard so: the
 * outcome is unknown to the sender, as {@link SendResult.OutcomeUnknown} says. On a channel without
 * idempotency keys the dispatcher must then not send again (README: "sent again only where the
 * platform takes an idempotency key; elsewhere it becomes a dead letter").
 */
final class InMemoryChannelLostResponseTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final Stores stores = Stores.inMemory();

  private InMemoryChannel channel(boolean idempotencyKeys) {
    ChannelCapabilities d = InMemoryChannel.defaultCapabilities();
    return InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true, true, null,
        d.maxTextLength(), false, true, d.rateLimit(), idempotencyKeys)).build();
  }

  @Test
  void lostResponse_reportsAnUnknownOutcome() {
    InMemoryChannel channel = channel(false);
    channel.failNext(1, InMemoryChannel.Fault.lostResponse());
    OutboundMessage message = OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"),
        ChannelId.IN_MEMORY, "chat-1", null, Visibility.PRIVATE, "Ihr Techniker kommt morgen.", "service-reply",
        clock.instant());

    SendResult result = channel.send(message);

    assertThat(channel.sent()).hasSize(1);
    assertThat(result).isInstanceOf(SendResult.OutcomeUnknown.class);
  }

  @Test
  void lostResponse_onAChannelWithoutIdempotencyKeys_isDeliveredOnceAndDeadLettered() {
    InMemoryChannel channel = channel(false);
    Channels channels = Channels.of(channel);
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    Interaction in = channel.privateMessage("in-1", "chat-1", "kunde-1", "Wo bleibt mein Router?");
    CaseId caseId = crm.ingest(channel.parse(channel.delivery(in)).interactions().get(0)).caseId();
    OutboundId id = crm.reply(caseId, Actor.agent("anna"), "Ihr Router ist unterwegs.").outboundId().orElseThrow();
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();
    channel.failNext(1, InMemoryChannel.Fault.lostResponse());

    dispatcher.drain();
    clock.advance(Duration.ofMinutes(30));
    dispatcher.drain();

    assertThat(channel.sent()).as("deliveries to the customer").hasSize(1);
    assertThat(stores.outbox().find(id).orElseThrow().status()).isEqualTo(OutboxStatus.DEAD);
  }
}
