package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.IdentityLinked;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Provenance;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class SocialCrmGatedMethodsTest {
  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Actor AGENT = Actor.agent("anna");
  private final List<ConsentQuery> asked = new ArrayList<>();

  private SocialCrm engine(boolean allow) {
    return SocialCrm.builder().clock(Clock.fixed(NOW, ZoneOffset.UTC)).consentPolicy(q -> {
      asked.add(q);
      return allow ? new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null)
          : ConsentDecision.deny("test denies");
    }).build();
  }

  private static ContactId dm(SocialCrm crm) {
    return crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "1").thread("chat-1").author("juergen_h", null)
        .text("Hallo").occurredAt(NOW).build()).contact();
  }

  private static ContactId customer(SocialCrm crm) {
    return crm.stores().contacts().create(Contact.builder(ContactId.of("customer-1"), NOW).build()).id();
  }

  @Test
  void send_withStrictPolicy_deniedAndNothingQueued() {
    SocialCrm crm = SocialCrm.ofDefaults();

    ReplyResult r = crm.send(ContactId.of("c-1"), ChannelId.EMAIL, "Angebot", "marketing", AGENT);

    assertThat(r.queued()).isFalse();
    assertThat(crm.stores().outbox().findByRecipient(ContactId.of("c-1"))).isEmpty();
  }

  @Test
  void send_allowed_queuedAsNewConversationAndAskedWithTheRightAction() {
    SocialCrm crm = engine(true);

    ReplyResult marketing = crm.send(ContactId.of("c-1"), ChannelId.EMAIL, "Angebot", "marketing", AGENT);
    crm.send(ContactId.of("c-1"), ChannelId.EMAIL, "Rechnung", "transactional", AGENT);

    assertThat(marketing.queued()).isTrue();
    assertThat(crm.stores().outbox().find(marketing.outbound()).orElseThrow().threadId()).isNull();
    assertThat(asked).extracting(ConsentQuery::action)
        .containsExactly(ConsentAction.SEND_MARKETING, ConsentAction.SEND_TRANSACTIONAL);
  }

  @Test
  void send_serviceReplyPurpose_rejected() {
    assertThatThrownBy(() -> engine(true).send(ContactId.of("c-1"), ChannelId.EMAIL, "Hi", SocialCrm.SERVICE_REPLY,
        AGENT)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void send_threadLongerThanAnInteractionsThread_refusedNamingItAndNothingQueued() {
    SocialCrm crm = engine(true);
    String thread = "\u4E2D".repeat(1_500); // a host's own conversation key, not one a message came in

    assertThatThrownBy(() -> crm.send(ContactId.of("c-1"), ChannelId.TELEGRAM, thread, "Ihre Rechnung",
        "transactional", AGENT)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("threadId must be at most 512 characters, was 1500");
    assertThat(crm.stores().outbox().findByRecipient(ContactId.of("c-1"))).isEmpty();
  }

  @Test
  void linkIdentity_denied_nothingMoves() {
    SocialCrm crm = engine(false);
    ContactId pseudonymous = dm(crm);
    ContactId target = customer(crm);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = crm.linkIdentity(key, target, AGENT);

    assertThat(d.allowed()).isFalse();
    assertThat(crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(pseudonymous);
    assertThat(asked).extracting(ConsentQuery::subject).containsExactly(pseudonymous, target);
    assertThat(asked).extracting(ConsentQuery::purpose).containsOnly(SocialCrm.PROFILE_LINKING);
  }

  @Test
  void linkIdentity_allowed_movesIdentityAndPublishesEvidence() {
    SocialCrm crm = engine(true);
    ContactId pseudonymous = dm(crm);
    ContactId target = customer(crm);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");
    List<IdentityLinked> events = new ArrayList<>();
    crm.events().subscribe(IdentityLinked.class, events::add);

    crm.linkIdentity(key, target, AGENT);

    assertThat(crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(target);
    assertThat(crm.stores().contacts().find(target).orElseThrow().identities()).containsExactly(key);
    assertThat(crm.stores().contacts().find(pseudonymous).orElseThrow().identities()).isEmpty();
    assertThat(events).singleElement().satisfies(e -> assertThat(e.evidenceId()).isEqualTo("consent-1"));
  }

  @Test
  void linkIdentity_calledAgain_publishesNoSecondLink() {
    SocialCrm crm = engine(true);
    ContactId pseudonymous = dm(crm);
    ContactId target = customer(crm);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");
    List<IdentityLinked> events = new ArrayList<>();
    crm.events().subscribe(IdentityLinked.class, events::add);

    crm.linkIdentity(key, target, AGENT);
    ConsentDecision again = crm.linkIdentity(key, target, AGENT);

    assertThat(again.allowed()).isTrue();
    assertThat(events).singleElement().satisfies(e -> {
      assertThat(e.from()).isEqualTo(pseudonymous);
      assertThat(e.to()).isEqualTo(target);
    });
  }

  @Test
  void addContactPoint_askedOnTheContactPointsChannel() {
    SocialCrm crm = engine(true);
    ContactId target = customer(crm);

    crm.addContactPoint(target, new ContactPoint(ContactPointType.PHONE, "+49 170 1", Provenance.FORM, NOW),
        "transactional", AGENT);

    assertThat(asked).singleElement().satisfies(q -> {
      assertThat(q.action()).isEqualTo(ConsentAction.ENRICH_CONTACT_POINT);
      assertThat(q.channel()).isEqualTo(ChannelId.of("sms"));
    });
    assertThat(crm.stores().contacts().find(target).orElseThrow().contactPoints()).hasSize(1);
  }
}
