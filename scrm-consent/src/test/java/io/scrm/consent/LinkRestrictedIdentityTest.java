package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Visibility;
import org.junit.jupiter.api.Test;

/** Linking and erasure respect the person behind a social handle, whatever the customer record allows. */
final class LinkRestrictedIdentityTest {

  @Test
  void linkIdentity_ofASubjectWhoRestrictedProcessing_isDenied_evenIfTheTargetConsented() {
    Fixture f = new Fixture();
    DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Bitte nichts mehr verarbeiten",
        Visibility.PRIVATE);
    ContactId customer = f.crm.stores().contacts().create(
        Contact.builder(ContactId.of("customer-4711"), Fixture.START).displayName("J. Hoffmann").build()).id();
    f.ledger.grant(customer, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(customer), Fixture.form(), null);
    dsr.restrict(dm.contact(), Fixture.DPO);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isFalse();
    assertThat(d.legalBasis()).isEqualTo("GDPR Art. 18(1)");
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(dm.contact());
  }

  private static ContactId pseudonymousWhoAgreedToTheLink(Fixture f) {
    ContactId c = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Ja, bitte verknüpfen",
        Visibility.PRIVATE).contact();
    f.ledger.grant(c, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER, CollectionMethod.IN_CONVERSATION,
        Fixture.AGENT, Evidence.ofMessage("m1"), null);
    return c;
  }

  private static ContactId customer(Fixture f) {
    return f.crm.stores().contacts().create(
        Contact.builder(ContactId.of("customer-4711"), Fixture.START).displayName("J. Hoffmann").build()).id();
  }

  @Test
  void linkIdentity_intoACustomerRecordWhoseProcessingIsRestricted_isDenied_evenIfTheHandleAgreed() {
    Fixture f = new Fixture();
    ContactId from = pseudonymousWhoAgreedToTheLink(f);
    ContactId customer = customer(f);
    DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn).restrict(customer, Fixture.DPO);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isFalse();
    assertThat(d.legalBasis()).isEqualTo("GDPR Art. 18(1)");
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(from);
  }

  @Test
  void linkIdentity_intoACustomerWhoObjectedToProfileLinking_isDenied_evenIfTheHandleAgreed() {
    Fixture f = new Fixture();
    ContactId from = pseudonymousWhoAgreedToTheLink(f);
    ContactId customer = customer(f);
    f.ledger.object(customer, "profile-linking", CollectionMethod.WEB_FORM, Actor.customer(customer));
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isFalse();
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(from);
  }

  @Test
  void linkIdentity_intoACustomerWithNoConsentRecorded_standsOnTheHandlesAgreement() {
    Fixture f = new Fixture();
    pseudonymousWhoAgreedToTheLink(f);
    ContactId customer = customer(f);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isTrue();
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(customer);
  }

  /** A contact that still lists a handle another contact owns (a link an earlier build wrote in part). */
  @Test
  void erase_contactStillListingAHandleThatMovedToAnother_leavesTheHandleToItsOwner() {
    Fixture f = new Fixture();
    DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE);
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");
    ContactId customer = f.crm.stores().contacts().create(Contact.builder(ContactId.of("customer-4711"),
        Fixture.START).addIdentity(key).build()).id();
    Identity identity = f.crm.stores().identities().find(key).orElseThrow();
    f.crm.stores().identities().update(identity.withContact(customer));

    dsr.erase(dm.contact(), Fixture.DPO);

    assertThat(f.crm.stores().identities().find(key)).map(Identity::contactId).contains(customer);
  }
}
