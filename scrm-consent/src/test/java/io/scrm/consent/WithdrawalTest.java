package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.ReplyResult;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class WithdrawalTest {
  private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private final Fixture f = new Fixture();
  private final ContactId subject = ContactId.of("c-1");

  @Test
  void withdraw_byLink_oneStepWithoutLoginAndFewerStepsThanGranting() {
    WithdrawalLinks links = WithdrawalLinks.of(f.ledger, SECRET);
    int grantSteps = 0;
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());
    grantSteps++;
    f.doubleOptIn.confirm(r.token(), Evidence.NONE);
    grantSteps++;
    String token = links.token(subject, "marketing", ChannelId.EMAIL);
    f.tick();

    int withdrawSteps = 0;
    ConsentRecord w = links.withdraw(token).orElseThrow();
    withdrawSteps++;

    assertThat(withdrawSteps).isLessThanOrEqualTo(grantSteps);
    assertThat(w.state()).isEqualTo(ConsentState.WITHDRAWN);
    assertThat(w.method()).isEqualTo(CollectionMethod.WITHDRAWAL_LINK);
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
  }

  @Test
  void withdraw_byLinkOnAnInstanceWhoseClockIsBehind_deniesMarketingConfirmedBeforeIt() {
    Fixture behind = f.instanceWithClock(Duration.ofSeconds(-2));
    WithdrawalLinks links = WithdrawalLinks.of(behind.ledger, SECRET);
    ConsentRecord given = f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.clock.advance(Duration.ofMillis(500));
    behind.clock.advance(Duration.ofMillis(500));

    ConsentRecord w = links.withdraw(links.token(subject, "marketing", ChannelId.EMAIL)).orElseThrow();
    f.tick();

    assertThat(w.sequence()).isGreaterThan(given.sequence());
    assertThat(w.at()).isBefore(given.at());
    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());
    assertThat(d.allowed()).as(d.reason()).isFalse();
    assertThat(d.evidenceId()).isEqualTo(w.id());
    assertThat(f.ledger.current(subject, "marketing", ChannelId.EMAIL)).contains(w);
  }

  @Test
  void withdraw_byTamperedLink_changesNothing() {
    WithdrawalLinks links = WithdrawalLinks.of(f.ledger, SECRET);
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    String token = links.token(ContactId.of("c-2"), "marketing", ChannelId.EMAIL);
    String forged = links.token(subject, "marketing", ChannelId.EMAIL).split("\\.")[0] + "." + token.split("\\.")[1];

    assertThat(links.withdraw(forged)).isEmpty();
    assertThat(links.withdraw("garbage")).isEmpty();
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isTrue();
  }

  @Test
  void handle_inboundAbmelden_withdrawsMarketingOnThatChannelOnly() {
    InboundOptOut optOut = InboundOptOut.of(f.ledger, f.crm.stores());
    optOut.attachTo(f.crm);
    IngestResult hello = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE);
    ContactId contact = hello.contact();
    f.optIn(contact, "marketing", ChannelId.TELEGRAM);
    f.optIn(contact, "marketing", ChannelId.EMAIL);
    f.tick();

    f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", " Abmelden! ", Visibility.PRIVATE);

    assertThat(f.allowed(contact, "marketing", ChannelId.TELEGRAM, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    assertThat(f.allowed(contact, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isTrue();
    assertThat(f.ledger.current(contact, "marketing", ChannelId.TELEGRAM).orElseThrow().method())
        .isEqualTo(CollectionMethod.INBOUND_KEYWORD);
  }

  @Test
  void isOptOut_sentenceContainingStop_isNoOptOut() {
    InboundOptOut optOut = InboundOptOut.of(f.ledger, f.crm.stores());

    assertThat(optOut.isOptOut("STOP")).isTrue();
    assertThat(optOut.isOptOut("stopp.")).isTrue();
    assertThat(optOut.isOptOut("Abmelden?")).isTrue();
    assertThat(optOut.isOptOut("STOP,")).isTrue();
    assertThat(optOut.isOptOut("abmelden 🙏")).isTrue();
    assertThat(optOut.isOptOut("Bitte nicht stoppen, ich mag den Newsletter")).isFalse();
  }

  /** The customer answers a newsletter from the address they confirmed it with. */
  @Test
  void handle_abmeldenByEmailFromTheConfirmedAddress_withdrawsTheCustomersMarketingAtOnce() {
    InboundOptOut.of(f.ledger, f.crm.stores()).attachTo(f.crm);
    ContactId customer = f.crm.stores().contacts().create(
        Contact.builder(ContactId.of("customer-4711"), Fixture.START).displayName("J. Hoffmann").build()).id();
    f.optIn(customer, "marketing", ChannelId.EMAIL);
    f.crm.addContactPoint(customer, new ContactPoint(ContactPointType.EMAIL, "Juergen@Example.org", Provenance.FORM,
        f.clock.instant()), "marketing", Actor.SYSTEM);
    f.crm.send(customer, ChannelId.EMAIL, "Newsletter März", "marketing", Fixture.AGENT);
    ReplyResult april = f.crm.send(customer, ChannelId.EMAIL, "Newsletter April", "marketing", Fixture.AGENT);
    f.tick();

    f.crm.ingest(Interaction.inbound(ChannelId.EMAIL, "<reply-1@example.org>").thread("<newsletter-1@shop>")
        .author("juergen@example.org", "Jürgen Hoffmann").text("Abmelden").occurredAt(f.clock.instant())
        .visibility(Visibility.PRIVATE).kind(InteractionKind.REPLY).build());

    assertThat(f.allowed(customer, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    ConsentDecision atSend = f.crm.outbox().recheck(f.crm.stores().outbox().find(april.outbound()).orElseThrow());
    assertThat(atSend.allowed()).as("the queued newsletter at send time: %s", atSend.reason()).isFalse();
  }
}
