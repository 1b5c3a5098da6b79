package io.scrm.consent;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** A consent-gated engine on a test clock, wired like a host would. */
final class Fixture {
  static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  static final Notice NEWSLETTER = Notice.of("newsletter-de", 3, "de",
      "Ja, ich möchte den Newsletter per E-Mail erhalten. Abmeldung jederzeit.");
  static final Actor AGENT = Actor.agent("anna");
  static final Actor COMMUNITY = Actor.agent("chris");
  static final Actor DPO = Actor.agent("dora");
  static final ChannelId SMS = ChannelId.of("sms");

  final MutableClock clock;
  final ConsentLedger ledger;
  final ConsentGate gate;
  final DoubleOptIn doubleOptIn;
  final SocialCrm crm;
  private final AtomicInteger messages = new AtomicInteger();

  Fixture() {
    this(Purposes.ofDefaults());
  }

  Fixture(Purposes purposes) {
    this(purposes, ConsentLedgerStore.inMemory(), START);
  }

  private Fixture(Purposes purposes, ConsentLedgerStore store, Instant start) {
    clock = new MutableClock(start);
    ledger = ConsentLedger.builder().clock(clock).purposes(purposes).store(store).build();
    gate = ConsentGate.builder(ledger)
        .role("anna", AgentRole.SERVICE_AGENT)
        .role("chris", AgentRole.COMMUNITY_MANAGER)
        .role("dora", AgentRole.DATA_PROTECTION_OFFICER)
        .build();
    doubleOptIn = DoubleOptIn.builder(ledger).build();
    crm = SocialCrm.builder().clock(clock).consentPolicy(gate).build();
  }

  /**
   * Another application instance on the same ledger store (its own engine), whose clock is {@code skew}
   * ahead of this one's, or behind if negative.
   */
  Fixture instanceWithClock(Duration skew) {
    return new Fixture(ledger.purposes(), ledger.store(), clock.instant().plus(skew));
  }

  /** Ingests a message and returns the result. */
  IngestResult hear(ChannelId channel, String handle, String name, String text, Visibility visibility) {
    int n = messages.incrementAndGet();
    Interaction in = Interaction.inbound(channel, "m" + n)
        .thread(visibility == Visibility.PUBLIC ? "post-" + n : "chat-" + handle)
        .author(handle, name)
        .text(text)
        .occurredAt(clock.instant())
        .visibility(visibility)
        .kind(visibility == Visibility.PUBLIC ? InteractionKind.MENTION : InteractionKind.DIRECT)
        .build();
    return crm.ingest(in);
  }

  /** A new subject with a confirmed double opt-in for a purpose on a channel. */
  ConsentRecord optIn(ContactId subject, String purpose, ChannelId channel) {
    OptInRequest r = doubleOptIn.request(subject, purpose, channel, NEWSLETTER, Map.of(), form());
    OptInConfirmation c = doubleOptIn.confirm(r.token(), Evidence.builder().ip("198.51.100.23").build());
    if (!c.confirmed()) {
      throw new AssertionError("opt-in not confirmed: " + c.outcome());
    }
    return c.given();
  }

  static Evidence form() {
    return Evidence.builder().form("newsletter-box").page("https://shop.example/newsletter")
        .ip("203.0.113.77").build();
  }

  void tick() {
    clock.advance(Duration.ofSeconds(1));
  }

  boolean allowed(ContactId subject, String purpose, ChannelId channel, ConsentAction action, Actor actor) {
    return gate.decide(subject, purpose, channel, action, actor, clock.instant()).allowed();
  }
}
