package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.IngestResult;
import io.scrm.core.IntakeDecision;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A customer's message heard while the customer is erased: the stores end as after one of the two
 * orders, never with the message in a case of the erased contact, nor with an untyped failure.
 */
final class ErasureDuringIngestTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final IdentityKey BERT = IdentityKey.of(ChannelId.TELEGRAM, "bert");
  private final MutableClock clock = new MutableClock(START);
  private final HookedStores hooks = new HookedStores(Stores.inMemory());
  private final Stores stores = hooks.real();

  private final ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
  private final ConsentGate gate = ConsentGate.builder(ledger).role("dora", AgentRole.DATA_PROTECTION_OFFICER)
      .build();
  /** A message asking for an offer becomes a lead, any other a case. */
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(hooks.stores()).consentPolicy(gate)
      .intakeRouter((m, c) -> m.text().contains("Angebot")
          ? new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION, Priority.NORMAL, "vertrieb", null, 10,
              List.of(), "rule angebot")
          : IntakeDecision.defaultCase())
      .build();
  private final DataSubjectRequests requests = DataSubjectRequests.of(crm, gate, null);

  private static Interaction fromBert(String id, String thread) {
    return fromBert(id, thread, "Bitte rufen Sie mich an.");
  }

  private static Interaction fromBert(String id, String thread, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, id).thread(thread).author("bert", "Bert")
        .text(text).occurredAt(START).visibility(Visibility.PRIVATE)
        .kind(InteractionKind.DIRECT).build();
  }

  /** As if the message came after the erasure: a new contact of its own, nothing of the erased one. */
  private void assertHeardAfterTheErasure(IngestResult erased, IngestResult later) {
    assertThat(later.contact()).isNotEqualTo(erased.contact());
    assertThat(stores.contacts().find(later.contact())).isPresent();
    assertThat(stores.identities().findContactId(BERT)).contains(later.contact());
    assertThat(stores.cases().find(later.caseId()).orElseThrow().contactId()).isEqualTo(later.contact());
    assertNothingOf(erased);
  }

  private void assertNothingOf(IngestResult erased) {
    assertThat(stores.contacts().find(erased.contact())).isEmpty();
    assertThat(stores.cases().findByContact(erased.contact())).isEmpty();
    assertThat(stores.leads().findByContact(erased.contact())).isEmpty();
    assertThat(stores.outbox().findByRecipient(erased.contact())).isEmpty();
    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "chat-bert")).isEmpty();
  }

  @Test
  void erasedAfterTheMessageFoundItsAuthor_theMessageGoesToANewContact() {
    IngestResult first = crm.ingest(fromBert("m1", "chat-bert"));
    // the engine has the author's contact id and looks for the thread's case: the erasure runs
    hooks.before("cases.findOpenByThread/2", () -> requests.erase(first.contact(), Actor.agent("dora")));

    IngestResult second = crm.ingest(fromBert("m2", "chat-bert-2"));

    assertHeardAfterTheErasure(first, second);
  }

  @Test
  void erasedWhileTheMessageOpensItsCase_theMessageGoesToANewContact() {
    IngestResult first = crm.ingest(fromBert("m1", "chat-bert"));
    // the engine read the author's contact and opens a case for it: the erasure runs first
    hooks.before("cases.create/1", () -> requests.erase(first.contact(), Actor.agent("dora")));

    IngestResult second = crm.ingest(fromBert("m2", "chat-bert-2"));

    assertHeardAfterTheErasure(first, second);
  }

  @Test
  void erasedWhileTheMessageStartsItsLead_theMessageGoesToANewContact() {
    IngestResult first = crm.ingest(fromBert("m1", "chat-bert"));
    // the engine read the author's contact and starts a lead for it: the erasure runs first
    hooks.before("leads.create/1", () -> requests.erase(first.contact(), Actor.agent("dora")));

    IngestResult second = crm.ingest(fromBert("m2", "chat-bert-2", "Bitte ein Angebot für Glasfaser."));

    assertThat(second.leadId()).isNotNull();
    assertThat(second.contact()).isNotEqualTo(first.contact());
    assertThat(stores.leads().find(second.leadId()).orElseThrow().contactId()).isEqualTo(second.contact());
    assertThat(stores.identities().findContactId(BERT)).contains(second.contact());
    assertNothingOf(first);
  }

  @Test
  void heardBeforeTheErasureDeletesTheIdentity_theMessageIsErasedToo() {
    IngestResult first = crm.ingest(fromBert("m1", "chat-bert"));
    IngestResult[] second = new IngestResult[1];
    // the erasure has deleted everything it read; the message comes before the identity and contact go
    hooks.before("identities.delete/1", () -> second[0] = crm.ingest(fromBert("m2", "chat-bert-2")));

    requests.erase(first.contact(), Actor.agent("dora"));

    assertThat(second[0].contact()).isEqualTo(first.contact());
    assertNothingOf(first);
    assertThat(stores.interactions().find(second[0].interaction())).isEmpty();
    assertThat(stores.identities().find(BERT)).isEmpty();
  }
}
