package io.scrm.core.process;

import io.scrm.core.MutableClock;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** An engine on in-memory stores with a settable clock, and helpers to open and answer cases. */
final class Fixture {
  static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final AtomicLong THREADS = new AtomicLong();

  final MutableClock clock;
  final SocialCrm crm;

  Fixture(SocialCrm.Builder builder) {
    this(builder, T0);
  }

  Fixture(SocialCrm.Builder builder, Instant start) {
    this.clock = new MutableClock(start);
    this.crm = builder.clock(clock).build();
  }

  Fixture() {
    this(SocialCrm.builder());
  }

  /** Opens a case from a public mention on its own thread. */
  CaseId open() {
    String thread = "t" + THREADS.incrementAndGet();
    Interaction m = Interaction.inbound(ChannelId.MASTODON, thread).thread(thread).author("kai@koeln.social", "Kai")
        .text("Störung in Nippes").occurredAt(clock.instant()).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
    return crm.ingest(m).caseId();
  }

  /** Answers the case on its origin channel and thread and has the answer sent. */
  OutboundMessage answer(CaseId id) {
    crm.reply(id, Actor.agent("anna"), "Wir sind dran.");
    OutboundMessage last = null;
    for (OutboundMessage m : crm.outbox().claim(100, Duration.ofMinutes(1))) {
      last = crm.outbox().markSent(m, "p-" + m.id().value());
    }
    return last;
  }
}
