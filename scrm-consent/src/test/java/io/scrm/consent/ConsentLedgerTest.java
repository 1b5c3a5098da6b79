package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Map;
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
  void textWithALoneSurrogate_isRefusedNamingTheField_andAWholePairIsKept() {
    assertThatThrownBy(() -> f.ledger.grant(ContactId.of("c-\uD8002"), "profile-linking", ChannelId.TELEGRAM,
        Fixture.NEWSLETTER, CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-2"), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("subject must not contain half of a surrogate pair (U+D800 at index 2)");
    assertThatThrownBy(() -> f.ledger.withdraw(subject, "profile-linking", ChannelId.TELEGRAM,
        CollectionMethod.IN_CONVERSATION, Actor.agent("anna\uDE00")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("actor must not contain half");
    assertThat(f.ledger.history(subject)).isEmpty();

    f.ledger.grant(subject, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Actor.agent("anna \uD83D\uDE00"), Evidence.ofMessage("tg-3"), null);
    assertThat(f.ledger.history(subject)).singleElement()
        .satisfies(r -> assertThat(r.actor().id()).isEqualTo("anna \uD83D\uDE00"));
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
  void grant_byAgentAfterSubjectWithdrewOnAnInstanceWhoseClockIsAhead_throwsReversal() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    ahead.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));
    f.tick();

    assertThatThrownBy(() -> f.ledger.grant(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.AGENT, Fixture.AGENT, Fixture.form(), null))
        .isInstanceOf(ConsentReversalException.class);
    assertThat(f.ledger.history(subject)).last()
        .satisfies(r -> assertThat(r.state()).isEqualTo(ConsentState.WITHDRAWN));
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
  void grant_bySubjectAfterAWithdrawalStampedAheadOfTheClock_recordsGivenNotRenewed() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    ahead.ledger.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(subject));

    ConsentRecord again = f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Fixture.form(), null);

    assertThat(again.state()).isEqualTo(ConsentState.GIVEN);
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

  /** A ledger on a store whose rows the test edits, with a gate and double opt-in on it. */
  private final class Editable {
    final EditableLedgerStore store = new EditableLedgerStore();
    final ConsentLedger ledger = ConsentLedger.builder().store(store).clock(f.clock).build();
    final ConsentGate gate = ConsentGate.builder(ledger).role("anna", AgentRole.SERVICE_AGENT).build();
    final DoubleOptIn optIn = DoubleOptIn.builder(ledger).build();

    ConsentRecord optIn(ContactId who) {
      OptInRequest r = optIn.request(who, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());
      return optIn.confirm(r.token(), Evidence.NONE).given();
    }

    boolean marketingAllowed(ContactId who) {
      return gate.decide(who, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT,
          f.clock.instant()).allowed();
    }

    void assertBrokenAt(long sequence) {
      LedgerVerification v = ledger.verify();
      assertThat(v.intact()).isFalse();
      assertThat(v.firstBrokenSequence()).isEqualTo(sequence);
    }
  }

  @Test
  void verify_afterAGrantIsMovedToAnotherSubjectAndMarkedPseudonymised_reportsIt() {
    Editable e = new Editable();
    ContactId mallory = ContactId.of("mallory");
    ConsentRecord given = e.optIn(subject);
    assertThat(e.ledger.verify().intact()).isTrue();

    // whoever can write to the table moves the confirmed opt-in to Mallory as if an erasure had
    // pseudonymised it; digest and hash stay as they were
    e.store.rows.set((int) given.sequence(), new ConsentRecord(given.id(), given.sequence(), mallory, given.purpose(),
        given.purposeVersion(), given.channel(), given.state(), given.type(), given.method(), Actor.customer(mallory),
        given.at(), given.expiresAt(), given.notice(), Evidence.NONE, null, given.personalDigest(),
        given.previousHash(), given.hash(), true));

    assertThat(e.marketingAllowed(mallory)).isTrue();
    e.assertBrokenAt(given.sequence());
  }

  @Test
  void verify_afterAWithdrawalIsMarkedPseudonymisedUnderAnInventedPseudonym_reportsIt() {
    Editable e = new Editable();
    e.optIn(subject);
    f.tick();
    ConsentRecord withdrawn = e.ledger.withdraw(subject, "marketing", ChannelId.EMAIL,
        CollectionMethod.WITHDRAWAL_LINK, Actor.customer(subject));
    f.tick();

    e.store.rows.set((int) withdrawn.sequence(), withdrawn.pseudonymisedAs(ContactId.of("erased-0000")));

    assertThat(e.marketingAllowed(subject)).isTrue();
    e.assertBrokenAt(withdrawn.sequence());
  }

  @Test
  void verify_afterAWithdrawalIsMarkedPseudonymisedUnderARealErasuresPseudonym_reportsIt() {
    Editable e = new Editable();
    ContactId other = ContactId.of("c-2");
    e.optIn(subject);
    f.tick();
    ConsentRecord withdrawn = e.ledger.withdraw(subject, "marketing", ChannelId.EMAIL,
        CollectionMethod.WITHDRAWAL_LINK, Actor.customer(subject));
    e.optIn(other);
    f.tick();
    ContactId pseudonym = e.ledger.pseudonymise(other, Fixture.DPO);
    assertThat(e.ledger.verify().intact()).isTrue();

    e.store.rows.set((int) withdrawn.sequence(), withdrawn.pseudonymisedAs(pseudonym));

    assertThat(e.marketingAllowed(subject)).isTrue();
    e.assertBrokenAt(e.store.size() - 1);
  }

  @Test
  void verify_afterAnErasure_isIntact_andTheErasureEntryNamesThePseudonymNotTheSubject() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    f.ledger.grant(ContactId.of("c-2"), "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(ContactId.of("c-2")), Fixture.form(), null);
    f.tick();

    ContactId pseudonym = f.ledger.pseudonymise(subject, Actor.customer(subject));

    ConsentRecord erasure = f.ledger.store().last().orElseThrow();
    assertThat(erasure.sequence()).isEqualTo(4);
    assertThat(erasure.subject()).isEqualTo(pseudonym);
    assertThat(erasure.state()).isEqualTo(ConsentState.ERASED);
    assertThat(erasure.method()).isEqualTo(CollectionMethod.ERASURE);
    assertThat(erasure.purpose()).isEqualTo(Purpose.DATA_SUBJECT_RIGHTS.id());
    assertThat(erasure.channel()).isEqualTo(ConsentLedger.ALL_CHANNELS);
    assertThat(erasure.actor()).isEqualTo(Actor.customer(pseudonym));
    assertThat(erasure.at()).isEqualTo(f.clock.instant());
    assertThat(erasure.pseudonymised()).isFalse();
    assertThat(f.ledger.history(subject)).isEmpty();
    assertThat(f.ledger.history(pseudonym)).hasSize(4).last().isEqualTo(erasure);
    // by field: the short id "c-1" may well occur inside a random pseudonym or hash
    assertThat(f.ledger.store().entries(0, 100))
        .noneMatch(e -> e.subject().equals(subject) || e.actor().id().equals(subject.value()));
    assertThat(f.ledger.verify()).isEqualTo(new LedgerVerification(true, 5, -1));
  }

  @Test
  void verify_afterTheErasureEntryIsRemoved_reportsTheFirstEntryItPseudonymised() {
    Editable e = new Editable();
    e.optIn(ContactId.of("c-2"));
    e.optIn(subject);
    f.tick();
    e.ledger.pseudonymise(subject, Fixture.DPO);
    assertThat(e.ledger.verify().intact()).isTrue();

    e.store.rows.remove(e.store.rows.size() - 1);

    e.assertBrokenAt(2);
  }

  /** Who recorded a pseudonymised entry is covered by the erasure entry's digest. */
  @Test
  void verify_afterThePseudonymisedEntrysRecorderIsChanged_reportsIt() {
    MutableClock clock = new MutableClock(Fixture.START);
    EditableLedgerStore store = new EditableLedgerStore();
    ConsentLedger ledger = ConsentLedger.builder().store(store).clock(clock).build();
    ConsentRecord byAgent = ledger.grant(subject, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-1"), null);
    clock.advance(Duration.ofSeconds(1));
    ContactId pseudonym = ledger.pseudonymise(subject, Fixture.DPO);
    assertThat(ledger.verify().intact()).isTrue();

    ConsentRecord row = store.rows.get((int) byAgent.sequence());
    store.rows.set((int) row.sequence(), withActor(row, Actor.customer(pseudonym)));

    assertThat(ledger.verify()).satisfies(v -> {
      assertThat(v.intact()).as("the subject claimed as the recorder of an agent's entry").isFalse();
      assertThat(v.firstBrokenSequence()).as("the erasure entry").isEqualTo(byAgent.sequence() + 1);
    });
  }

  /** An erasure recorded by an earlier build, whose digest covers the sequences only, still verifies. */
  @Test
  void verify_anErasureWithTheDigestOfEarlierBuilds_isIntact() {
    MutableClock clock = new MutableClock(Fixture.START);
    EditableLedgerStore store = new EditableLedgerStore();
    ConsentLedger ledger = ConsentLedger.builder().store(store).clock(clock).build();
    ledger.grant(subject, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER,
        CollectionMethod.IN_CONVERSATION, Fixture.AGENT, Evidence.ofMessage("tg-1"), null);
    clock.advance(Duration.ofSeconds(1));
    ledger.pseudonymise(subject, Fixture.DPO);
    int last = store.rows.size() - 1;
    ConsentRecord erasure = store.rows.get(last);
    String older = ConsentRecord.erasureDigestOfSequences(erasure.subject(), erasure.actor(),
        store.rows.subList(0, last));
    String hash = ConsentRecord.chainHash(erasure.id(), erasure.sequence(), erasure.purpose(),
        erasure.purposeVersion(), erasure.channel(), erasure.state(), erasure.type(), erasure.method(), erasure.at(),
        erasure.expiresAt(), erasure.notice(), older, erasure.previousHash());
    store.rows.set(last, new ConsentRecord(erasure.id(), erasure.sequence(), erasure.subject(), erasure.purpose(),
        erasure.purposeVersion(), erasure.channel(), erasure.state(), erasure.type(), erasure.method(),
        erasure.actor(), erasure.at(), erasure.expiresAt(), erasure.notice(), erasure.evidence(), erasure.salt(),
        older, erasure.previousHash(), hash, erasure.pseudonymised()));

    assertThat(ledger.verify().intact()).isTrue();
  }

  private static ConsentRecord withActor(ConsentRecord row, Actor actor) {
    return new ConsentRecord(row.id(), row.sequence(), row.subject(), row.purpose(), row.purposeVersion(),
        row.channel(), row.state(), row.type(), row.method(), actor, row.at(), row.expiresAt(), row.notice(),
        row.evidence(), row.salt(), row.personalDigest(), row.previousHash(), row.hash(), row.pseudonymised());
  }

  @Test
  void verify_afterTheErasureEntryIsAltered_reportsIt() {
    Editable e = new Editable();
    e.optIn(subject);
    f.tick();
    e.ledger.pseudonymise(subject, Fixture.DPO);
    int at = e.store.rows.size() - 1;
    ConsentRecord erasure = e.store.rows.get(at);
    List<ConsentRecord> altered = List.of(
        copy(erasure, ContactId.of("erased-0000"), erasure.actor(), erasure.state(), false),
        copy(erasure, erasure.subject(), Fixture.AGENT, erasure.state(), false),
        copy(erasure, erasure.subject(), erasure.actor(), ConsentState.REVOKED, false),
        copy(erasure, erasure.subject(), erasure.actor(), erasure.state(), true));

    for (ConsentRecord a : altered) {
      e.store.rows.set(at, a);
      e.assertBrokenAt(erasure.sequence());
    }
  }

  private static ConsentRecord copy(ConsentRecord r, ContactId subject, Actor actor, ConsentState state,
      boolean pseudonymised) {
    return new ConsentRecord(r.id(), r.sequence(), subject, r.purpose(), r.purposeVersion(), r.channel(), state,
        r.type(), r.method(), actor, r.at(), r.expiresAt(), r.notice(), r.evidence(), r.salt(), r.personalDigest(),
        r.previousHash(), r.hash(), pseudonymised);
  }

  @Test
  void theErasureEntry_isNeitherConsentNorANo() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.tick();
    ContactId pseudonym = f.ledger.pseudonymise(subject, Fixture.DPO);
    f.tick();

    ConsentRecord erasure = f.ledger.current(pseudonym, Purpose.DATA_SUBJECT_RIGHTS.id(), ConsentLedger.ALL_CHANNELS)
        .orElseThrow();
    assertThat(erasure.state()).isEqualTo(ConsentState.ERASED);
    assertThat(erasure.validAt(f.clock.instant())).isFalse();
    assertThat(ConsentState.ERASED.blocksRegrantByOthers()).isFalse();
    for (Purpose p : f.ledger.purposes().all()) {
      for (ConsentAction action : List.of(ConsentAction.SEND_MARKETING, ConsentAction.SEND_TRANSACTIONAL,
          ConsentAction.LINK_IDENTITY, ConsentAction.ENRICH_CONTACT_POINT, ConsentAction.TRACK)) {
        assertThat(f.allowed(pseudonym, p.id(), ConsentLedger.ALL_CHANNELS, action, Fixture.AGENT))
            .as("%s %s", p.id(), action).isFalse();
      }
    }
    assertThat(f.ledger.merge(pseudonym, ContactId.of("c-2"), Fixture.AGENT)).isEmpty();
    assertThat(f.ledger.verify().intact()).isTrue();
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
  void merge_carriesOverAWithdrawalStampedAheadOfTheClock() {
    ContactId other = ContactId.of("c-2");
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    f.optIn(other, "marketing", ChannelId.EMAIL);
    ahead.ledger.withdraw(other, "marketing", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(other));

    assertThat(f.ledger.merge(other, subject, Fixture.AGENT)).extracting(ConsentRecord::state)
        .containsExactly(ConsentState.WITHDRAWN);
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
  }

  @Test
  void recordExpiries_afterAWithdrawalStampedAheadOfTheClock_recordsNothing() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), Fixture.START.plus(Duration.ofDays(30)));
    f.clock.advance(Duration.ofDays(30));
    ahead.clock.advance(Duration.ofDays(30));
    ahead.ledger.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(subject));

    // an expiry after the withdrawal would end the subject's "no", and an agent could grant again
    assertThat(f.ledger.recordExpiries()).isEmpty();
    assertThatThrownBy(() -> f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.AGENT, Fixture.AGENT, Fixture.form(), null)).isInstanceOf(ConsentReversalException.class);
  }

  @Test
  void currentAndStateAt_goByTheOrderOfAppending_notByTheTimesOfTwoInstancesClocks() {
    Fixture behind = f.instanceWithClock(Duration.ofSeconds(-2));
    ConsentRecord given = f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Fixture.form(), null);
    ConsentRecord withdrawn = behind.ledger.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.API,
        Actor.customer(subject));

    assertThat(withdrawn.at()).isBefore(given.at());
    assertThat(f.ledger.current(subject, "tracking", ChannelId.EMAIL)).contains(withdrawn);
    assertThat(behind.ledger.current(subject, "tracking", ChannelId.EMAIL)).contains(withdrawn);
    assertThat(f.ledger.stateAt(subject, "tracking", ChannelId.EMAIL, given.at())).contains(withdrawn);
    assertThat(f.ledger.stateAt(subject, "tracking", ChannelId.EMAIL, withdrawn.at())).contains(withdrawn);
    assertThat(f.ledger.stateAt(subject, "tracking", ChannelId.EMAIL, withdrawn.at().minusNanos(1))).isEmpty();
  }

  @Test
  void newest_ofAStoreThatDoesNotImplementIt_isTheSlotsEntryAppendedLast() {
    ConsentLedgerStore hosts = new HostStore();
    MutableClock behindClock = new MutableClock(Fixture.START.minusSeconds(2));
    ConsentLedger ledger = ConsentLedger.builder().store(hosts).clock(f.clock).build();
    ConsentLedger behind = ConsentLedger.builder().store(hosts).clock(behindClock).build();
    ConsentGate gate = ConsentGate.builder(ledger).build();
    ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    ledger.grant(subject, "tracking", Fixture.SMS, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);
    ConsentRecord withdrawn = behind.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.API,
        Actor.customer(subject));
    ledger.grant(subject, "tracking", Fixture.SMS, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(subject), Fixture.form(), null);

    assertThat(hosts.newest(subject, "tracking", ChannelId.EMAIL)).contains(withdrawn);
    assertThat(hosts.newest(subject, "tracking", ChannelId.TELEGRAM)).isEmpty();
    assertThat(gate.decide(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM,
        f.clock.instant()).allowed()).isFalse();
  }

  /** A host's own store, written against the SPI without {@code newest}: it gets the default. */
  private static final class HostStore implements ConsentLedgerStore {
    private final ConsentLedgerStore rows = ConsentLedgerStore.inMemory();

    @Override
    public void append(ConsentRecord entry) {
      rows.append(entry);
    }

    @Override
    public Optional<ConsentRecord> last() {
      return rows.last();
    }

    @Override
    public long size() {
      return rows.size();
    }

    @Override
    public Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel, Instant at) {
      return rows.latest(subject, purpose, channel, at);
    }

    @Override
    public List<ConsentRecord> history(ContactId subject) {
      return rows.history(subject);
    }

    @Override
    public List<ConsentRecord> entries(long fromSequence, int limit) {
      return rows.entries(fromSequence, limit);
    }

    @Override
    public int erase(ContactId subject, ConsentRecord erasure) {
      return rows.erase(subject, erasure);
    }

    @Override
    public void restrict(ContactId subject, boolean restricted) {
      rows.restrict(subject, restricted);
    }

    @Override
    public boolean isRestricted(ContactId subject) {
      return rows.isRestricted(subject);
    }
  }

  @Test
  void stateAt_beforeFirstEntry_isEmpty() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);

    assertThat(f.ledger.stateAt(subject, "marketing", ChannelId.EMAIL, Instant.EPOCH)).isEmpty();
    assertThat(f.ledger.stateAt(subject, "marketing", ChannelId.EMAIL, Fixture.START.plus(Duration.ofDays(1))))
        .isPresent();
  }

  @Test
  void decide_aConfirmationRequestedOnAValidGrant_leavesTheGrantStanding() {
    ContactId s = ContactId.of("c-req-1");
    f.ledger.grant(s, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM, Actor.customer(s),
        Fixture.form(), null);
    f.tick();

    f.doubleOptIn.request(s, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());

    assertThat(f.allowed(s, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM)).isTrue();
  }

  @Test
  void merge_ofAContactWithAPendingRequestIntoOneWithAConfirmedOptIn_keepsTheOptIn() {
    ContactId into = ContactId.of("customer-4711");
    ContactId from = ContactId.of("c-pseudo");
    f.optIn(into, "marketing", ChannelId.EMAIL);
    f.doubleOptIn.request(from, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());
    f.tick();

    f.ledger.merge(from, into, Fixture.AGENT);

    assertThat(f.allowed(into, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isTrue();
  }

  @Test
  void merge_ofAWithdrawalFollowedByAPendingRequest_carriesTheWithdrawal() {
    ContactId into = ContactId.of("customer-4712");
    ContactId from = ContactId.of("c-pseudo-2");
    f.optIn(into, "marketing", ChannelId.EMAIL);
    f.optIn(from, "marketing", ChannelId.EMAIL);
    f.tick();
    f.ledger.withdraw(from, "marketing", ChannelId.EMAIL, CollectionMethod.INBOUND_KEYWORD, Actor.customer(from));
    f.tick();
    f.doubleOptIn.request(from, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());
    f.tick();
    assertThat(f.allowed(from, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();

    f.ledger.merge(from, into, Fixture.AGENT);

    assertThat(f.allowed(into, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .as("the least permissive state wins").isFalse();
  }
}
