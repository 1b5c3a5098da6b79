package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.event.IdentityLinked;
import io.scrm.core.event.ReplyDenied;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EngineIntegrationTest {
  private final Fixture f = new Fixture();

  @Test
  void reply_toPublicMentionByCommunityManager_queuedAsPublicReply() {
    IngestResult mention = f.hear(ChannelId.X, "juergen_h", "Jürgen Hoffmann", "@brand Router kaputt",
        Visibility.PUBLIC);

    ReplyResult r = f.crm.reply(mention.caseId(), Fixture.COMMUNITY, "Das tut uns leid, schreib uns gern eine DM.");

    assertThat(r.queued()).isTrue();
    assertThat(r.decision().legalBasis()).isEqualTo("GDPR Art. 6(1)(f)");
    assertThat(f.crm.outbox().due(10)).singleElement()
        .satisfies(m -> assertThat(m.visibility()).isEqualTo(Visibility.PUBLIC));
  }

  @Test
  void send_marketingDmToPersonKnownOnlyFromMonitoring_deniedWithReason() {
    IngestResult mention = f.hear(ChannelId.X, "juergen_h", "Jürgen Hoffmann", "@brand Router kaputt",
        Visibility.PUBLIC);
    List<ReplyDenied> denied = new ArrayList<>();
    f.crm.events().subscribe(ReplyDenied.class, denied::add);

    ReplyResult marketing = f.crm.send(mention.contact(), ChannelId.X, "20 % Rabatt!", "marketing", Fixture.AGENT);
    ReplyResult transactional = f.crm.send(mention.contact(), ChannelId.X, "Ihre Rechnung", "transactional",
        Fixture.AGENT);

    assertThat(marketing.queued()).isFalse();
    assertThat(marketing.decision().reason()).isEqualTo("no marketing consent recorded on x");
    assertThat(transactional.queued()).isFalse();
    assertThat(f.crm.outbox().due(10)).isEmpty();
    assertThat(denied).hasSize(2);
  }

  @Test
  void send_queuedNewsletterThenWithdrawal_cancelledAtSendTime() {
    ContactId subject = ContactId.of("c-news");
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    ReplyResult queued = f.crm.send(subject, ChannelId.EMAIL, "Newsletter März", "marketing", Fixture.AGENT);
    assertThat(queued.queued()).isTrue();
    f.tick();

    f.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));
    OutboundMessage due = f.crm.outbox().due(10).get(0);
    ConsentDecision atSend = f.crm.outbox().recheck(due);
    f.crm.outbox().cancel(due, atSend.reason());

    assertThat(atSend.allowed()).isFalse();
    assertThat(atSend.reason()).isEqualTo("marketing on email is WITHDRAWN");
    assertThat(f.crm.stores().outbox().find(due.id()).orElseThrow().status()).isEqualTo(OutboxStatus.CANCELLED);
  }

  @Test
  void linkIdentity_withoutProfileLinkingConsent_deniedAndNothingMoves() {
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo, Kundennr. 4711",
        Visibility.PRIVATE);
    ContactId customer = customerRecord();
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).isFalse();
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(dm.contact());
    assertThat(f.crm.stores().contacts().find(customer).orElseThrow().identities()).isEmpty();
  }

  @Test
  void linkIdentity_withConsentInConversation_linksAndPublishes() {
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Ja, bitte verknüpfen",
        Visibility.PRIVATE);
    ContactId customer = customerRecord();
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");
    ConsentRecord consent = f.ledger.grant(dm.contact(), "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("m1"), null);
    List<IdentityLinked> linked = new ArrayList<>();
    f.crm.events().subscribe(IdentityLinked.class, linked::add);

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).isTrue();
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(customer);
    assertThat(f.crm.stores().contacts().find(customer).orElseThrow().identities()).containsExactly(key);
    assertThat(f.crm.stores().contacts().find(dm.contact()).orElseThrow().identities()).isEmpty();
    assertThat(linked).singleElement().satisfies(e -> assertThat(e.evidenceId()).isEqualTo(consent.id()));
  }

  @Test
  void addContactPoint_fromMonitoring_refusedEvenBeforeTheGate() {
    assertThatThrownBy(() -> new ContactPoint(ContactPointType.EMAIL, "juergen@example.org",
        Provenance.SOCIAL_MONITORING, Fixture.START)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addContactPoint_withoutConsent_denied_afterDoubleOptIn_added() {
    IngestResult mention = f.hear(ChannelId.X, "juergen_h", "Jürgen Hoffmann", "@brand Router kaputt",
        Visibility.PUBLIC);
    ContactPoint email = new ContactPoint(ContactPointType.EMAIL, "juergen@example.org", Provenance.FORM, Fixture.START);

    ConsentDecision before = f.crm.addContactPoint(mention.contact(), email, "marketing", Fixture.AGENT);
    OptInRequest r = f.doubleOptIn.request(mention.contact(), "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());
    OptInConfirmation c = f.doubleOptIn.confirm(r.token(), Evidence.NONE);
    ConsentDecision after = f.crm.addContactPoint(mention.contact(),
        new ContactPoint(ContactPointType.EMAIL, c.submitted().get("email"), Provenance.FORM, Fixture.START),
        "marketing", Actor.SYSTEM);

    assertThat(before.allowed()).isFalse();
    assertThat(after.allowed()).isTrue();
    assertThat(f.crm.stores().contacts().find(mention.contact()).orElseThrow().contactPoints())
        .extracting(ContactPoint::value).containsExactly("juergen@example.org");
  }

  private ContactId customerRecord() {
    Contact c = Contact.builder(ContactId.of("customer-4711"), Fixture.START)
        .displayName("J. Hoffmann")
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "jh@example.org", Provenance.CONTRACT, Fixture.START))
        .provenance(Provenance.CONTRACT)
        .build();
    return f.crm.stores().contacts().create(c).id();
  }
}
