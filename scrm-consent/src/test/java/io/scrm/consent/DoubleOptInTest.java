package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class DoubleOptInTest {
  private final Fixture f = new Fixture();
  private final ContactId subject = ContactId.of("c-1");

  @Test
  void request_recordsRequestedAndStoresOnlyTheTokenHash() throws Exception {
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());

    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(r.token().getBytes(StandardCharsets.UTF_8)));
    assertThat(r.issued()).isTrue();
    assertThat(r.requested().state()).isEqualTo(ConsentState.REQUESTED);
    assertThat(r.requested().evidence().tokenHash()).isEqualTo(expected);
    assertThat(r.expiresAt()).isEqualTo(Fixture.START.plus(Duration.ofHours(48)));
    assertThat(f.ledger.history(subject).toString()).doesNotContain(r.token()).doesNotContain("juergen@example.org");
  }

  @Test
  void request_pending_neverCountsAsConsent() {
    f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());

    ConsentDecision d = f.gate.decide(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());

    assertThat(d.allowed()).isFalse();
    assertThat(d.reason()).contains("REQUESTED");
  }

  @Test
  void confirm_twice_writesGivenOnce() {
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());

    OptInConfirmation first = f.doubleOptIn.confirm(r.token(), Evidence.NONE);
    OptInConfirmation second = f.doubleOptIn.confirm(r.token(), Evidence.NONE);

    assertThat(first.outcome()).isEqualTo(OptInConfirmation.Outcome.CONFIRMED);
    assertThat(first.submitted()).containsEntry("email", "juergen@example.org");
    assertThat(first.given().method()).isEqualTo(CollectionMethod.DOUBLE_OPT_IN);
    assertThat(first.given().type()).isEqualTo(ConsentType.EXPLICIT);
    assertThat(second.outcome()).isEqualTo(OptInConfirmation.Outcome.ALREADY_USED);
    assertThat(f.ledger.history(subject)).extracting(ConsentRecord::state)
        .containsExactly(ConsentState.REQUESTED, ConsentState.GIVEN);
  }

  @Test
  void confirm_afterExpiry_createsNothing() {
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());
    f.clock.advance(Duration.ofHours(48));

    OptInConfirmation late = f.doubleOptIn.confirm(r.token(), Evidence.NONE);

    assertThat(late.outcome()).isEqualTo(OptInConfirmation.Outcome.EXPIRED);
    assertThat(late.given()).isNull();
    assertThat(f.ledger.history(subject)).extracting(ConsentRecord::state).containsExactly(ConsentState.REQUESTED);
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT)).isFalse();
  }

  @Test
  void confirm_unknownToken_createsNothing() {
    OptInConfirmation c = f.doubleOptIn.confirm("not-a-token", Evidence.NONE);

    assertThat(c.outcome()).isEqualTo(OptInConfirmation.Outcome.UNKNOWN);
    assertThat(f.ledger.verify().checked()).isZero();
  }

  @Test
  void request_alreadyConfirmed_issuesNoSecondToken() {
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    long entries = f.ledger.verify().checked();

    OptInRequest again = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());

    assertThat(again.status()).isEqualTo(OptInRequest.Status.ALREADY_CONFIRMED);
    assertThat(again.token()).isNull();
    assertThat(f.ledger.verify().checked()).isEqualTo(entries);
  }

  @Test
  void request_afterAWithdrawalStampedAheadOfTheClock_issuesAToken() {
    Fixture ahead = f.instanceWithClock(Duration.ofSeconds(2));
    f.optIn(subject, "marketing", ChannelId.EMAIL);
    ahead.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));

    OptInRequest again = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());

    assertThat(again.status()).isEqualTo(OptInRequest.Status.ISSUED);
    assertThat(f.doubleOptIn.confirm(again.token(), Evidence.NONE).confirmed()).isTrue();
    assertThat(f.ledger.current(subject, "marketing", ChannelId.EMAIL).orElseThrow().state())
        .isEqualTo(ConsentState.GIVEN);
  }

  @Test
  void purge_afterRetention_dropsPendingData() {
    f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "juergen@example.org"), Fixture.form());
    f.clock.advance(Duration.ofDays(6));
    assertThat(f.doubleOptIn.purge()).isZero();

    f.clock.advance(Duration.ofDays(1));

    assertThat(f.doubleOptIn.purge()).isEqualTo(1);
    assertThat(f.doubleOptIn.pendingCount()).isZero();
  }

  @Test
  void request_leadForm_keepsOnlyDeclaredFieldsAndRequiresOnlyRequired() {
    Purposes purposes = Purposes.builder().add(Purpose.builder("product-demo").legalBasis(LegalBasis.CONSENT)
        .consentRequired(true).doubleOptInRequired(true).actions(ConsentAction.SEND_MARKETING)
        .field(FormField.required("email")).field(FormField.optional("company")).build()).build();
    Fixture g = new Fixture(purposes);

    OptInRequest r = g.doubleOptIn.request(subject, "product-demo", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("email", "a@example.org", "birthday", "1970-01-01", "religion", "none"), Fixture.form());
    OptInConfirmation c = g.doubleOptIn.confirm(r.token(), Evidence.NONE);

    assertThat(c.submitted()).containsOnlyKeys("email");
    assertThatThrownBy(() -> g.doubleOptIn.request(subject, "product-demo", ChannelId.EMAIL, Fixture.NEWSLETTER,
        Map.of("company", "ACME"), Fixture.form()))
        .isInstanceOf(MissingFormFieldException.class)
        .satisfies(e -> assertThat(((MissingFormFieldException) e).field()).isEqualTo("email"));
  }

  @Test
  void builder_tokenValidityLongerThanRetention_rejected() {
    assertThatThrownBy(() -> DoubleOptIn.builder(f.ledger).tokenValidity(Duration.ofDays(10)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pendingRetention");
  }

  /** The ledger's store fails as the confirmation is written: nothing is recorded, and the link works again. */
  @Test
  void confirm_whenTheLedgerCannotRecordIt_leavesTheTokenValid() {
    java.util.concurrent.atomic.AtomicBoolean down = new java.util.concurrent.atomic.AtomicBoolean();
    ConsentLedgerStore failing = new ConsentAcrossInstancesTest.DelegatingStore(ConsentLedgerStore.inMemory()) {
      @Override
      public void append(ConsentRecord entry) {
        if (down.get()) {
          throw new UncheckedIOException(new java.io.IOException("ledger store unavailable"));
        }
        super.append(entry);
      }
    };
    ConsentLedger ledger = ConsentLedger.builder().clock(f.clock).store(failing).build();
    DoubleOptIn optIn = DoubleOptIn.builder(ledger).build();
    OptInRequest r = optIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(), Fixture.form());

    down.set(true);
    assertThatThrownBy(() -> optIn.confirm(r.token(), Evidence.NONE)).isInstanceOf(UncheckedIOException.class);
    down.set(false);
    OptInConfirmation again = optIn.confirm(r.token(), Evidence.NONE);

    assertThat(again.outcome()).isEqualTo(OptInConfirmation.Outcome.CONFIRMED);
    assertThat(ledger.history(subject)).extracting(ConsentRecord::state)
        .containsExactly(ConsentState.REQUESTED, ConsentState.GIVEN);
    assertThat(optIn.confirm(r.token(), Evidence.NONE).outcome()).isEqualTo(OptInConfirmation.Outcome.ALREADY_USED);
  }

  @Test
  void confirm_ofARequestWithdrawnBeforeItsLinkWasClicked_recordsNothing() {
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());
    f.tick();
    // STOP before the confirmation mail was opened
    f.ledger.withdraw(subject, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK,
        Actor.customer(subject));
    f.tick();

    OptInConfirmation late = f.doubleOptIn.confirm(r.token(), Evidence.NONE);

    assertThat(late.outcome()).isEqualTo(OptInConfirmation.Outcome.WITHDRAWN);
    assertThat(late.given()).isNull();
    assertThat(f.allowed(subject, "marketing", ChannelId.EMAIL, ConsentAction.SEND_MARKETING, Fixture.AGENT))
        .isFalse();
    assertThat(f.doubleOptIn.confirm(r.token(), Evidence.NONE).outcome())
        .isEqualTo(OptInConfirmation.Outcome.ALREADY_USED);
  }

  @Test
  void confirm_afterAnObjectionToMarketing_recordsNothing_butANewRequestCanBeConfirmed() {
    OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());
    f.tick();
    f.ledger.object(subject, "marketing", CollectionMethod.WITHDRAWAL_LINK, Actor.customer(subject));
    f.tick();

    assertThat(f.doubleOptIn.confirm(r.token(), Evidence.NONE).outcome())
        .isEqualTo(OptInConfirmation.Outcome.WITHDRAWN);
    assertThat(f.ledger.current(subject, "marketing", ChannelId.EMAIL).orElseThrow().state())
        .isEqualTo(ConsentState.REQUESTED);

    // asked again after the objection, and confirmed: that is a new "yes"
    OptInRequest again = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER, Map.of(),
        Fixture.form());
    f.tick();
    assertThat(f.doubleOptIn.confirm(again.token(), Evidence.NONE).confirmed()).isTrue();
  }
}
