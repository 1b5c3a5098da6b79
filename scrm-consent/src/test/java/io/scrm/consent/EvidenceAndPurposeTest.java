package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class EvidenceAndPurposeTest {

  @Test
  void shortenIp_v4AndV6_keepOnlyThePrefix() {
    assertThat(Evidence.shortenIp("203.0.113.77")).isEqualTo("203.0.113.0");
    assertThat(Evidence.shortenIp("2001:DB8:1:2:3:4:5:6")).isEqualTo("2001:db8:1::");
    assertThatThrownBy(() -> Evidence.shortenIp("localhost")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void fields_submittedValues_storedOnlyAsHash() {
    Evidence e = Evidence.builder().fields(Map.of("email", "a@example.org")).build();

    assertThat(e.fieldsHash()).hasSize(64);
    assertThat(e.toString()).doesNotContain("a@example.org");
  }

  @Test
  void builder_doubleOptInWithoutConsent_rejectedInBuild() {
    assertThatThrownBy(() -> Purpose.builder("newsletter").doubleOptInRequired(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("doubleOptInRequired");
    assertThatThrownBy(() -> Purpose.builder("newsletter").consentRequired(true).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("legalBasis");
  }

  @Test
  void builder_invalidSetterArguments_failAtOnceNamingTheField() {
    assertThatThrownBy(() -> Purpose.builder("Bad Id")).hasMessageContaining("id");
    assertThatThrownBy(() -> Purpose.builder("x").version(0)).hasMessageContaining("version");
    assertThatThrownBy(() -> Purpose.builder("x").retention(Duration.ZERO)).hasMessageContaining("retention");
    assertThatThrownBy(() -> Purpose.builder("x").field(FormField.required("email"))
        .field(FormField.optional("email"))).hasMessageContaining("email");
  }

  @Test
  void builder_hostPurpose_registeredNextToBuiltIns() {
    Purpose outage = Purpose.builder("outage-notifications").legalBasis(LegalBasis.CONSENT).consentRequired(true)
        .actions(ConsentAction.SEND_MARKETING).field(FormField.required("postal-code")).build();

    Purposes purposes = Purposes.builder().add(outage).build();

    assertThat(purposes.require("outage-notifications")).isEqualTo(outage);
    assertThat(purposes.find("marketing")).contains(Purpose.MARKETING);
    assertThat(purposes.all()).hasSize(9);
  }

  /** A missing purpose is named as the caller's parameter, "purpose". */
  @Test
  void nullPurpose_isReportedNamingThePurposeParameter() {
    ConsentLedger ledger = ConsentLedger.builder().build();
    ContactId subject = ContactId.of("c-1");

    Throwable onGrant = catchThrowable(() -> ledger.grant(subject, null, ChannelId.EMAIL, Fixture.NEWSLETTER,
        CollectionMethod.WEB_FORM, Actor.customer(subject), Fixture.form(), null));
    Throwable onWithdraw = catchThrowable(() -> ledger.withdraw(subject, null, ChannelId.EMAIL,
        CollectionMethod.WITHDRAWAL_LINK, Actor.customer(subject)));
    Throwable onCurrent = catchThrowable(() -> ledger.current(subject, null, ChannelId.EMAIL));

    assertThat(onCurrent).isInstanceOf(NullPointerException.class).hasMessage("purpose");
    assertThat(onGrant).isInstanceOf(NullPointerException.class).hasMessage("purpose");
    assertThat(onWithdraw).isInstanceOf(NullPointerException.class).hasMessage("purpose");
  }
}
