package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

final class ConsentLedgerTest {
  private final Fixture f = new Fixture();
  private final ContactId subject = ContactId.of("c-1");

  @Test
  void grant_inConversation_carriesNoticeMethodTimeActorAndEvidence() {
    ConsentRecord r = f.ledger.grant(subject, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-4711"), null);

    assertThat(r.state()).isEqualTo(ConsentState.GIVEN);
    assertThat(r.notice()).isEqualTo(Fixture.NEWSLETTER);
    assertThat(r.notice().textHash()).hasSize(64);
    assertThat(r.method()).isEqualTo(CollectionMethod.IN_CONVERSATION);
    assertThat(r.at()).isEqualTo(Fixture.START);
    assertThat(r.actor()).isEqualTo(Fixture.AGENT);
    assertThat(r.evidence().messageId()).isEqualTo("tg-4711");
    assertThat(f.ledger.verify().intact()).isTrue();
  }

  @Test
  void textWithU0000_isRefusedNamingTheField_beforeAnythingIsWritten() {
    f.ledger.grant(subject, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-1"), null);
    ContactId broken = ContactId.of("c-\u00002");

    assertThatThrownBy(() -> f.ledger.grant(broken, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-2"), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not contain the character U+0000");
    assertThatThrownBy(() -> f.ledger.withdraw(subject, "profile-linking", ChannelId.TELEGRAM,
        CollectionMethod.IN_CONVERSATION, Actor.agent("an\u0000na")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("actor must not contain the character U+0000");
    assertThatThrownBy(() -> Evidence.ofMessage("tg-\u00003")).hasMessageContaining("messageId");
    assertThatThrownBy(() -> Evidence.builder().page("https://shop.example/\u0000")).hasMessageContaining("page");
    assertThatThrownBy(() -> Notice.of("newsletter-\u0000de", 1, "de", "Text")).hasMessageContaining("id");

    assertThat(f.ledger.history(subject)).singleElement()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ConsentState.GIVEN));
    assertThat(f.ledger.history(broken)).isEmpty();
    assertThat(f.ledger.verify().intact()).isTrue();
  }

  @Test
  void grant_withoutEvidence_isRejected() {
    assertThatThrownBy(() -> f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Evidence.NONE, null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evidence");
  }

  @Test
  void grant_claimingDoubleOptIn_isRejected() {
    assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.DOUBLE_OPT_IN, Fixture.AGENT, Fixture.form(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("DOUBLE_OPT_IN");
  }

  @Test
  void grant_forUnknownPurpose_throwsUnknownPurpose() {
    assertThatThrownBy(() -> f.ledger.grant(subject, "lottery", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Fixture.AGENT, Fixture.form(), null))
        .isInstanceOf(UnknownPurposeException.class)
        .satisfies(e -> assertThat(((UnknownPurposeException) e).purpose()).isEqualTo("lottery"));
  }

  @Test
  void grant_byAgentAfterSubjectWithdrew_throwsReversal() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    f.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK, Actor.customer(subject));
    f.tick();

    assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.AGENT, Fixture.AGENT, Fixture.form(), null))
        .isInstanceOf(ConsentReversalException.class)
        .satisfies(e -> {
          ConsentReversalException x = (ConsentReversalException) e;
          assertThat(x.blockingState()).isEqualTo(ConsentState.WITHDRAWN);
          assertThat(x.actorType()).isEqualTo(ActorType.AGENT);
        });
    assertThat(f.ledger.current(subject, "marketing", ChannelId.EMAIL).orElseThrow().state())
        .isEqualTo(ConsentState.WITHDRAWN);
  }

  @Test
  void grant_bySystemAfterObjection_throwsReversalOnEveryChannel() {
    f.ledger.object(subject, "marketing", CollectionMethod.API, Actor.customer(subject));
    f.tick();
    for (ChannelId channel : new ChannelId[] {ChannelId.EMAIL, ChannelId.TELEGRAM, Fixture.SMS}) {
      assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", channel, Fixture.NEWSLETTER,
          CollectionMethod.API, Actor.system("crm-sync"), Fixture.form(), null))
          .isInstanceOf(ConsentReversalException.class);
    }
  }

  @Test
  void grant_bySubjectAfterOwnWithdrawal_isAccepted() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    f.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(subject));
    f.tick();

    ConsentRecord again = f.optIn(subject, "marketing", ChannelId.EMAIL);

    assertThat(again.state()).isEqualTo(ConsentState.GIVEN);
  }

  @Test
  void revoke_afterBounce_deniesAndBlocksAgentRegrant() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    f.ledger.revoke(subject, "marketing", ChannelId.EMAIL, CollectionMethod.BOUNCE, Actor.system("mailer"));
    f.tick();

    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
    assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.AGENT, Fixture.AGENT, Fixture.form(), null)).isInstanceOf(ConsentReversalException.class);
  }

  @Test
  void grant_whileValid_recordsRenewed() {
    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    f.tick();
    ConsentRecord second = f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Fixture.form(), null);

    assertThat(second.state()).isEqualTo(ConsentState.RENEWED);
  }

  @Test
  void verify_afterForgedEntry_reportsItsSequence() {
    ConsentLedgerStore store = ConsentLedgerStore.inMemory();
    ConsentLedger ledger = ConsentLedger.builder().store(store).clock(f.clock).build();
    ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    ConsentRecord last = store.last().orElseThrow();
    ConsentRecord forged = new ConsentRecord("consent-1", 1, subject, "marketing", 1, ChannelId.EMAIL,
        ConsentState.GIVEN, ConsentType.EXPLICIT, CollectionMethod.DOUBLE_OPT_IN, Fixture.AGENT, f.clock.instant(),
        null, Fixture.NEWSLETTER, Evidence.NONE, "00", "a".repeat(64), last.hash(), "b".repeat(64), false);
    store.append(forged);

    LedgerVerification v = ledger.verify();

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSequence()).isEqualTo(1);
  }

  @Test
  void merge_grantIntoWithdrawn_neverRaises() {
    ContactId other = ContactId.of("c-2");
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.optIn(other, "marketing", Fixture.SMS);
    f.tick();
    f.ledger.withdraw(other, "marketing", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(other));
    f.tick();

    f.ledger.merge(other, subject, Fixture.AGENT);
    f.tick();

    assertThat(f.ledger.current(subject, "marketing", ChannelId.EMAIL).orElseThrow().state())
        .isEqualTo(ConsentState.WITHDRAWN);
    assertThat(f.ledger.current(subject, "marketing", Fixture.SMS)).isEmpty();
    assertThat(f.allowed(subject, "marketing", Fixture.SMS, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
    assertThat(f.ledger.verify().intact()).isTrue();
  }

  @Test
  void stateAt_beforeFirstEntry_isEmpty() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);

    assertThat(f.ledger.stateAt(subject, "marketing", ChannelId.EMAIL, Instant.EPOCH)).isEmpty();
    assertThat(f.ledger.stateAt(subject, "marketing", ChannelId.EMAIL, Fixture.START.plus(Duration.ofDays(1))))
        .isPresent();
  }
}
