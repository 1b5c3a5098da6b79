package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.scrm.core.IngestResult;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Provenance;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** What belongs to whom: exports and links that touch more than one person. */
final class SubjectBoundariesTest {
  private IngestResult publicPost(Fixture f, String id, String handle, String name, String text) {
    f.tick();
    return f.crm.ingest(Interaction.inbound(ChannelId.X, id).thread("conv-1").author(handle, name).text(text)
        .occurredAt(f.clock.instant()).visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build());
  }

  /**
   * Bernd's public post joined Anna's case: Anna's export (Art. 15) holds her messages and the
   * answers to her, not Bernd's message, handle or name.
   */
  @Test
  void export_ofTheCaseOwner_containsNothingOfAnotherPersonWhoWroteInTheThread() {
    Fixture f = new Fixture();
    DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
    IngestResult anna = publicPost(f, "x-1", "anna_k", "Anna Krause", "@brand mein Vertrag wurde doppelt abgebucht");
    IngestResult bernd = publicPost(f, "x-2", "bernd_b", "Bernd Becker",
        "@brand bei mir auch, ich wohne Lindenweg 3");
    assertThat(bernd.caseId()).isEqualTo(anna.caseId());

    String export = dsr.export(anna.contact(), Fixture.DPO);

    assertThat(export).contains("doppelt abgebucht");
    assertThat(export).doesNotContain("Lindenweg 3").doesNotContain("Bernd Becker").doesNotContain("bernd_b");
  }

  /**
   * The person behind a social identity objected (Art. 21) to profile linking: the customer record's
   * grant on that channel does not stand in for the identity's own "no".
   */
  @Test
  void linkIdentity_afterTheIdentitysOwnObjection_isDenied_evenIfTheTargetHasConsent() {
    Fixture f = new Fixture();
    IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Bitte NICHT verknüpfen",
        Visibility.PRIVATE);
    ContactId customer = f.crm.stores().contacts().create(Contact.builder(ContactId.of("customer-4711"), Fixture.START)
        .displayName("J. Hoffmann")
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "jh@example.org", Provenance.CONTRACT, Fixture.START))
        .provenance(Provenance.CONTRACT).build()).id();
    f.ledger.grant(customer, "profile-linking", ChannelId.TELEGRAM, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
        Actor.customer(customer), Fixture.form(), null);
    f.tick();
    f.ledger.object(dm.contact(), "profile-linking", CollectionMethod.IN_CONVERSATION, Actor.customer(dm.contact()));
    IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, "juergen_h");

    ConsentDecision d = f.crm.linkIdentity(key, customer, Fixture.AGENT);

    assertThat(d.allowed()).as("decision: %s", d.reason()).isFalse();
    assertThat(f.crm.stores().identities().find(key).orElseThrow().contactId()).isEqualTo(dm.contact());
  }

  /**
   * The gate's decision log keeps records about the subject (purpose, channel, action, outcome,
   * reason), which erasure pseudonymises: the export (Art. 15) holds them.
   */
  @Test
  void export_containsTheDecisionsRecordedAboutTheSubject() {
    Fixture f = new Fixture();
    DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
    ContactId subject = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Hallo", Visibility.PRIVATE)
        .contact();
    ConsentDecision marketing = f.gate.decide(subject, "marketing", ChannelId.TELEGRAM, ConsentAction.SEND_MARKETING,
        Fixture.AGENT, f.clock.instant());
    assertThat(f.gate.decisionLog().entries(subject)).extracting(DecisionRecord::auditId)
        .contains(marketing.auditId());

    String export = dsr.export(subject, Actor.customer(subject));

    assertThat(export).contains(marketing.auditId());
  }
}
