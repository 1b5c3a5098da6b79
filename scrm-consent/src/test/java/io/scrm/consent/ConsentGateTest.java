package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.ReplyResult;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundMessage;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ConsentGateTest {
  private final Fixture f = new Fixture();
  private final ContactId subject = ContactId.of("c-1");

  @Test
  void decide_personKnownOnlyFromMonitoring_allowsOnlyPublicAndThreadReplies() {
    Set<ConsentAction> allowed = EnumSet.noneOf(ConsentAction.class);
    for (Purpose p : f.ledger.purposes().all()) {
      for (ChannelId channel : new ChannelId[] {ChannelId.X, ChannelId.MASTODON, ChannelId.EMAIL, Fixture.SMS}) {
        for (ConsentAction action : ConsentAction.values()) {
          if (action == ConsentAction.VIEW_PERSONAL_DATA || action == ConsentAction.EXPORT_PERSONAL_DATA) {
            continue;
          }
          if (f.allowed(subject, p.id(), channel, action, Fixture.AGENT)) {
            allowed.add(action);
          }
        }
      }
    }

    assertThat(allowed).containsExactlyInAnyOrder(ConsentAction.PUBLIC_REPLY, ConsentAction.REPLY_IN_THREAD);
  }

  @Test
  void decide_marketingDmWithoutConsent_deniedWithReasonAndAuditId() {
    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.TELEGRAM, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("no marketing consent recorded on telegram");
    assertThat(d.auditId()).isNotBlank();
  }

  @Test
  void decide_marketingAfterDoubleOptIn_allowedWithEvidenceAndLegalBasis() {
    ConsentRecord given = f.optIn(subject, "marketing", ChannelId.EMAIL);

    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());

    assertThat(d.allowed()).isTrue();
    assertThat(d.legalBasis()).isEqualTo("GDPR Art. 6(1)(a)");
    assertThat(d.evidenceId()).isEqualTo(given.id());
  }

  @Test
  void decide_marketingConsentWithoutDoubleOptIn_denied() {
    Purposes purposes = Purposes.builder().add(Purpose.builder("marketing").legalBasis(LegalBasis.CONSENT)
        .consentRequired(true).doubleOptInRequired(true).actions(ConsentAction.SEND_MARKETING).build()).build();
    Fixture g = new Fixture(purposes);
    g.ledger.grant(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);

    ConsentDecision d = g.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, g.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("double opt-in");
  }

  @Test
  void decide_consentOnOneChannelOrPurpose_doesNotCarryOver() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);

    assertThat(f.allowed(subject, "marketing", Fixture.SMS, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
    assertThat(f.allowed(subject, "marketing", ChannelId.TELEGRAM, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    assertThat(f.allowed(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Fixture.AGENT)).isFalse();
    assertThat(f.allowed(subject, "profiling", ChannelId.EMAIL, ConsentAction.TRACK, Fixture.AGENT)).isFalse();
  }

  @Test
  void decide_trackBeforeTrackingConsent_denied_afterAllowed() {
    assertThat(f.allowed(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM)).isFalse();

    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);

    assertThat(f.allowed(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM)).isTrue();
  }

  @Test
  void decide_afterObjection_deniesMarketingOnEveryChannelAndCustomPurposes() {
    Purposes purposes = Purposes.builder().add(Purpose.builder("outage-notifications")
        .legalBasis(LegalBasis.CONSENT).consentRequired(true).actions(ConsentAction.SEND_MARKETING).build()).build();
    Fixture g = new Fixture(purposes);
    g.optIn(subject, "marketing", ChannelId.EMAIL);
    g.optIn(subject, "marketing", ChannelId.TELEGRAM);
    g.optIn(subject, "outage-notifications", Fixture.SMS);
    g.tick();

    g.ledger.object(subject, "marketing", CollectionMethod.API, Actor.customer(subject));

    assertThat(g.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
    assertThat(g.allowed(subject, "marketing", ChannelId.TELEGRAM, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    assertThat(g.allowed(subject, "outage-notifications", Fixture.SMS, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    assertThat(g.allowed(subject, "service-reply", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .isTrue();
  }

  @Test
  void decide_objectionStands_whenANoOnAllChannelsIsRefused() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    f.ledger.object(subject, "marketing", CollectionMethod.API, Actor.customer(subject));
    f.tick();

    // the slot of all channels holds objections only: a withdrawal or revocation there would hide one
    assertThatThrownBy(() -> f.ledger.withdraw(subject, "marketing", ConsentLedger.ALL_CHANNELS,
        CollectionMethod.API, Actor.customer(subject)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reserved for objections");
    assertThatThrownBy(() -> f.ledger.revoke(subject, "marketing", ConsentLedger.ALL_CHANNELS,
        CollectionMethod.COMPLAINT, Fixture.AGENT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", ConsentLedger.ALL_CHANNELS, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Evidence.NONE, null))
        .isInstanceOf(IllegalArgumentException.class);
    f.tick();

    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
  }

  @Test
  void decide_marketingObjectionAfterTheGrant_denies_evenAtTheInstantOfAnOlderPurposeObjection() {
    Purpose newsletter = Purpose.builder("newsletter").legalBasis(LegalBasis.CONSENT).consentRequired(true)
        .doubleOptInRequired(true).actions(ConsentAction.SEND_MARKETING).build();
    Fixture g = new Fixture(Purposes.builder().add(newsletter).build());
    // one clock tick: an objection to the newsletter, a new grant, then an objection to all marketing
    g.ledger.object(subject, "newsletter", CollectionMethod.API, Actor.customer(subject));
    g.optIn(subject, "newsletter", ChannelId.EMAIL);
    g.ledger.object(subject, "marketing", CollectionMethod.API, Actor.customer(subject));

    assertThat(g.allowed(subject, "newsletter", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
  }

  @Test
  void decide_atDispatch_deniesQueuedMarketing_afterAWithdrawalStampedByAnInstanceWhoseClockIsAhead() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    ahead.tick();
    ReplyResult queued = f.crm.send(subject, ChannelId.EMAIL, "Unser Newsletter", "marketing", Fixture.AGENT);
    assertThat(queued.queued()).isTrue();

    ConsentRecord w = ahead.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));
    f.clock.advance(Duration.ofMillis(100));
    OutboundMessage due = f.crm.outbox().due(10).get(0);
    ConsentDecision atDispatch = f.crm.outbox().recheck(due);

    assertThat(w.at()).isAfter(f.clock.instant());
    assertThat(atDispatch.allowed()).as(atDispatch.reason()).isFalse();
    assertThat(atDispatch.evidenceId()).isEqualTo(w.id());
  }

  @Test
  void decide_objectionAppendedAfterTheGrant_denies_evenIfStampedBeforeIt() {
    Fixture behind = f.instanceWithClock(Duration.ofSeconds(-2));
    ConsentRecord given = f.optIn(subject, "marketing", ChannelId.EMAIL);
    ConsentRecord objection = behind.ledger.object(subject, "marketing", CollectionMethod.API,
        Actor.customer(subject));
    f.tick();

    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());

    assertThat(objection.at()).isBefore(given.at());
    assertThat(d.allowed()).as(d.reason()).isFalse();
    assertThat(d.evidenceId()).isEqualTo(objection.id());
  }

  @Test
  void decide_replyInThread_isDeniedByAnObjectionStampedAheadOfTheGatesClock() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    assertThat(f.allowed(subject, "service-reply", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .isTrue();

    ahead.ledger.object(subject, "service-reply", CollectionMethod.API, Actor.customer(subject));

    assertThat(f.allowed(subject, "service-reply", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .isFalse();
  }

  @Test
  void decide_doubleOptInConfirmedAfterAWithdrawal_allowsAgain_evenIfStampedBeforeIt() {
    Fixture behind = f.instanceWithClock(Duration.ofSeconds(-2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));

    ConsentRecord again = behind.optIn(subject, "marketing", ChannelId.EMAIL);

    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());
    assertThat(d.allowed()).as(d.reason()).isTrue();
    assertThat(d.evidenceId()).isEqualTo(again.id());
  }

  @Test
  void decide_withdrawalBetweenTwoGrants_denies_untilTheQueryReachesTheTimeOfTheSecond() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    ahead.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));
    ConsentRecord again = ahead.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();

    // the gate's clock has not reached the new grant: it may rely on the first, which the withdrawal ended
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    f.tick();
    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());
    assertThat(d.allowed()).as(d.reason()).isTrue();
    assertThat(d.evidenceId()).isEqualTo(again.id());
  }

  @Test
  void decide_restrictedSubject_deniesEverythingButOwnAccess() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);

    dsr.restrict(subject, Fixture.DPO);

    for (ConsentAction action : ConsentAction.values()) {
      String purpose = action == ConsentAction.PUBLIC_REPLY || action == ConsentAction.REPLY_IN_THREAD
          ? "service-reply" : "marketing";
      boolean ok = f.allowed(subject, purpose, ChannelId.EMAIL, action, Fixture.AGENT);
      assertThat(ok).as(action.name()).isFalse();
    }
    assertThat(f.allowed(subject, "data-subject-rights", ChannelId.EMAIL, ConsentAction.EXPORT_PERSONAL_DATA,
        Actor.customer(subject))).isTrue();

    dsr.liftRestriction(subject, Fixture.DPO);
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isTrue();
  }

  @Test
  void decide_communityManager_repliesButMayNotViewOrExport() {
    assertThat(f.allowed(subject, "service-reply", ChannelId.X, ConsentAction.PUBLIC_REPLY, Fixture.COMMUNITY)).isTrue();
    assertThat(f.allowed(subject, "service-reply", ChannelId.X, ConsentAction.REPLY_IN_THREAD, Fixture.COMMUNITY))
        .isTrue();
    assertThat(f.allowed(subject, "service-reply", ChannelId.X, ConsentAction.VIEW_PERSONAL_DATA, Fixture.COMMUNITY))
        .isFalse();
    assertThat(f.allowed(subject, "data-subject-rights", ChannelId.X, ConsentAction.EXPORT_PERSONAL_DATA,
        Fixture.COMMUNITY)).isFalse();
    assertThat(f.allowed(subject, "service-reply", ChannelId.X, ConsentAction.VIEW_PERSONAL_DATA, Fixture.AGENT))
        .isTrue();
    assertThat(f.allowed(subject, "data-subject-rights", ChannelId.X, ConsentAction.EXPORT_PERSONAL_DATA, Fixture.DPO))
        .isTrue();
  }

  @Test
  void decide_agentWithoutRoleOrUnknownPurpose_denied() {
    assertThat(f.allowed(subject, "service-reply", ChannelId.X, ConsentAction.PUBLIC_REPLY, Actor.agent("nobody")))
        .isFalse();
    assertThat(f.allowed(subject, "sweepstakes", ChannelId.X, ConsentAction.PUBLIC_REPLY, Fixture.AGENT)).isFalse();
  }

  @Test
  void decide_expiredConsent_denied() {
    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), f.clock.instant().plus(Duration.ofDays(30)));
    f.clock.advance(Duration.ofDays(30));

    ConsentDecision d = f.gate.decide(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM,
        f.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("expired");
    assertThat(f.ledger.recordExpiries()).extracting(ConsentRecord::state).containsExactly(ConsentState.EXPIRED);
    assertThat(f.ledger.recordExpiries()).isEmpty();
  }

  @Test
  void decide_marketingForHostPurposeWithoutDoubleOptIn_denied() {
    Purposes purposes = Purposes.builder().add(Purpose.builder("outage-notifications")
        .legalBasis(LegalBasis.CONSENT).consentRequired(true).actions(ConsentAction.SEND_MARKETING).build()).build();
    Fixture g = new Fixture(purposes);
    g.ledger.grant(subject, "outage-notifications", Fixture.SMS, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);

    ConsentDecision d = g.gate.decide(subject, "outage-notifications", Fixture.SMS, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, g.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("double opt-in");
  }

  @Test
  void decide_everyDecision_writesExactlyOneAuditEntry() {
    long before = f.gate.decisionLog().count();
    for (ConsentAction action : ConsentAction.values()) {
      ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, action, Fixture.AGENT,
          f.clock.instant());
      assertThat(d.auditId()).isNotNull();
    }
    f.gate.decide(new ConsentQuery(subject, "no-such-purpose", ChannelId.EMAIL, ConsentAction.TRACK, Fixture.AGENT,
        f.clock.instant()));

    assertThat(f.gate.decisionLog().count() - before).isEqualTo(ConsentAction.values().length + 1);
    assertThat(f.gate.decisionLog().entries(subject)).extracting(DecisionRecord::auditId).doesNotHaveDuplicates();
  }
  @Test
  void decide_forASubjectWithU0000_deniesAsTheDecisionCannotBeAudited_andLogsNothing() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    long before = f.gate.decisionLog().count();
    ContactId broken = ContactId.of(subject.value() + "\u0000");

    // the log refuses the entry, in memory as in PostgreSQL, and the gate fails closed
    ConsentDecision d = f.gate.decide(broken, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());
    ConsentDecision purpose = f.gate.decide(subject, "marketing\u0000", ChannelId.EMAIL,
        ConsentAction.SEND_MARKETING, Fixture.AGENT, f.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).isEqualTo("decision could not be audited");
    assertThat(purpose.allowed()).isFalse();
    assertThat(purpose.reason()).isEqualTo("decision could not be audited");
    assertThat(f.gate.decisionLog().count()).isEqualTo(before);
    assertThat(f.gate.decisionLog().entries(broken)).isEmpty();
    assertThat(f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT,
        f.clock.instant()).allowed()).as("the subject without U+0000").isTrue();
  }

  @Test
  void decide_replyInThreadUnderAPurposeThatRestsOnConsent_needsTheGrant_andAWithdrawalEndsIt() {
    Purpose chatOffers = Purpose.builder("chat-offers").legalBasis(LegalBasis.CONSENT).consentRequired(true)
        .actions(ConsentAction.REPLY_IN_THREAD).retention(Duration.ofDays(90)).build();
    Fixture g = new Fixture(Purposes.builder().add(chatOffers).build());

    assertThat(g.allowed(subject, "chat-offers", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .as("nothing granted").isFalse();
    g.ledger.grant(subject, "chat-offers", ChannelId.TELEGRAM, Fixture.NEWSLETTER, CollectionMethod.IN_CONVERSATION,
        Fixture.AGENT, Evidence.ofMessage("m1"), null);
    g.tick();
    assertThat(g.allowed(subject, "chat-offers", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .as("granted").isTrue();
    g.ledger.withdraw(subject, "chat-offers", ChannelId.TELEGRAM, CollectionMethod.INBOUND_KEYWORD,
        Actor.customer(subject), Evidence.ofMessage("m2"));
    assertThat(g.allowed(subject, "chat-offers", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .as("withdrawn").isFalse();
    assertThat(g.allowed(subject, "service-reply", ChannelId.TELEGRAM, ConsentAction.REPLY_IN_THREAD, Fixture.AGENT))
        .as("a service reply rests on legitimate interests").isTrue();
  }
}
