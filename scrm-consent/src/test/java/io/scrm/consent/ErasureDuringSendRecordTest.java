package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.CaseNotFoundException;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.ReplyQueued;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * An erasure running while an agent answers or a dispatcher records a send on the subject's case:
 * whenever the reply or its record comes, its text does not outlive the erasure.
 */
final class ErasureDuringSendRecordTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private final HookedStores hooks = new HookedStores(Stores.inMemory());
  private final Stores stores = hooks.real();

  private final ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
  private final ConsentGate gate = ConsentGate.builder(ledger).role("anna", AgentRole.SERVICE_AGENT)
      .role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(hooks.stores()).consentPolicy(gate).build();
  private final DataSubjectRequests requests = DataSubjectRequests.of(crm, gate, null);

  /** Bert's first message, which opens his case. */
  private IngestResult bert() {
    return crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "m1").thread("chat-bert")
        .author("bert", "Bert").text("Bitte rufen Sie mich an.").occurredAt(START)
        .visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
  }

  /** Bert's case with a reply to him claimed by a dispatcher, which the platform accepted. */
  private IngestResult bertWithAReplyOnItsWay(List<OutboundMessage> claimed) {
    IngestResult bert = bert();
    crm.reply(bert.caseId(), Actor.agent("anna"), "Bert, Ihre Nummer 0171 5550123 ist notiert.");
    claimed.addAll(crm.outbox().claim(10, Duration.ofMinutes(1)));
    assertThat(claimed).hasSize(1);
    return bert;
  }

  private void assertNothingOfBertLeft(IngestResult bert) {
    assertThat(stores.cases().find(bert.caseId())).isEmpty();
    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "chat-bert"))
        .as("nothing of Bert's conversation left after the erasure").isEmpty();
  }

  @Test
  void aSendRecordedAfterTheErasureReadItsFootprint_leavesNoReplyTextBehind() {
    List<OutboundMessage> claimed = new java.util.ArrayList<>();
    IngestResult bert = bertWithAReplyOnItsWay(claimed);
    // the dispatcher records the send once the erasure has read what to delete
    hooks.before("interactions.delete/1", () -> crm.outbox().markSent(claimed.get(0), "m2"));

    requests.erase(bert.contact(), Actor.agent("dora"));

    assertNothingOfBertLeft(bert);
  }

  @Test
  void aSendRecordedBetweenTheErasuresLastReadOfTheCaseAndItsDelete_leavesNoReplyTextBehind() {
    List<OutboundMessage> claimed = new java.util.ArrayList<>();
    IngestResult bert = bertWithAReplyOnItsWay(claimed);
    // the erasure has read the case a last time; the reply is linked before the case is deleted
    hooks.before("cases.delete/2", () -> crm.outbox().markSent(claimed.get(0), "m2"));

    requests.erase(bert.contact(), Actor.agent("dora"));

    assertNothingOfBertLeft(bert);
  }

  @Test
  void aReplyQueuedAfterTheErasureReadItsFootprint_leavesNoReplyTextInTheOutbox() {
    IngestResult bert = bert();
    // the agent answers once the erasure has read what to delete; the case is still there
    hooks.before("interactions.delete/1",
        () -> crm.reply(bert.caseId(), Actor.agent("anna"), "Bert, Ihre Nummer 0171 5550123 ist notiert."));

    requests.erase(bert.contact(), Actor.agent("dora"));

    assertNothingOfBertLeft(bert);
    assertThat(stores.outbox().findByRecipient(bert.contact())).as("the reply queued meanwhile").isEmpty();
  }

  @Test
  void aReplyWhoseCaseAndMessageAreErasedBeforeTheCaseIsWritten_isNotReportedQueued() {
    IngestResult bert = bert();
    List<CrmEvent> events = new CopyOnWriteArrayList<>();
    crm.events().subscribeAll(events::add);
    // the message is queued; before the case gets REPLY_QUEUED the erasure deletes case and message
    hooks.before("cases.update/1", () -> requests.erase(bert.contact(), Actor.agent("dora")));

    assertThatThrownBy(() -> crm.reply(bert.caseId(), Actor.agent("anna"), "Wir rufen an."))
        .isInstanceOf(CaseNotFoundException.class);
    assertThat(events).noneMatch(ReplyQueued.class::isInstance);
    assertThat(stores.outbox().findByRecipient(bert.contact())).isEmpty();
  }

  @Test
  void aReplyQueuedAfterTheErasure_andClaimedByADispatcherBeforeItsCaseWrite_leavesNoReplyTextInTheOutbox() {
    IngestResult bert = bert();
    List<OutboundMessage> claimed = new java.util.ArrayList<>();
    // the agent's reply has found the case; the erasure runs to its end before the message is queued,
    // and a dispatcher claims the message before reply() writes the case
    hooks.before("interactions.find/1", () -> {
      requests.erase(bert.contact(), Actor.agent("dora"));
      hooks.before("cases.find/1", () -> claimed.addAll(crm.outbox().claim(10, Duration.ofMinutes(1))));
    });

    assertThatThrownBy(() -> crm.reply(bert.caseId(), Actor.agent("anna"), "Wir rufen Sie morgen an."))
        .isInstanceOf(CaseNotFoundException.class);

    assertThat(claimed).as("the dispatcher claimed the reply").hasSize(1);
    assertThat(stores.cases().find(bert.caseId())).isEmpty();
    assertThat(stores.outbox().findByRecipient(bert.contact())).as("the reply's text").isEmpty();
  }
}
