package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The per-channel rate limiter holds messages back by the engine's clock, like the breaker, the
 * retries and the postponement it writes: once that clock has moved past the limit's period, the
 * held-back message goes out.
 */
final class OutboxDispatcherRateLimitClockTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));

  @Test
  void heldBackByTheRateLimit_sentOnceTheEnginesClockPassedThePeriod() {
    ChannelCapabilities d = InMemoryChannel.defaultCapabilities();
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true,
        true, null, d.maxTextLength(), false, true, new ChannelCapabilities.RateLimit(1, Duration.ofMinutes(1)),
        true)).build();
    Channels channels = Channels.of(channel);
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(Stores.inMemory()).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("test", "Art. 6(1)(b)")).build();
    for (String n : new String[] {"1", "2"}) {
      Interaction in = channel.privateMessage("in-" + n, "chat-" + n, "kunde-" + n, "Störung in Kiel?");
      CaseId caseId = crm.ingest(channel.parse(channel.delivery(in)).interactions().get(0)).caseId();
      crm.reply(caseId, Actor.agent("anna"), "Wir prüfen die Störung.");
    }
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();

    DispatchStats first = dispatcher.drain();
    clock.advance(Duration.ofMinutes(2));
    DispatchStats second = dispatcher.drain();

    assertThat(first.sent()).isEqualTo(1);
    assertThat(first.postponed()).isEqualTo(1);
    assertThat(second.sent()).as("sent after the engine's clock moved two periods on").isEqualTo(1);
    assertThat(channel.sent()).hasSize(2);
  }
}
