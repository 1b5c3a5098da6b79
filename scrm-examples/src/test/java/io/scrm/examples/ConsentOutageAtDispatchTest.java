package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.Channels;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.DecisionLog;
import io.scrm.consent.DecisionRecord;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.Stores;
import io.scrm.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The consent gate is asked again at dispatch. A gate that cannot answer for a moment (its decision
 * log or ledger store briefly unreachable) must not cancel a queued message for good: the outbox
 * documents that such a failure is "not a denial", and the dispatcher retries it.
 */
final class ConsentOutageAtDispatchTest {
  private final TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
  private final InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
  private final Channels channels = Channels.of(channel);
  private final AtomicBoolean logDown = new AtomicBoolean();
  private final DecisionLog memory = DecisionLog.inMemory();
  /** A decision log in a database that is briefly unreachable. */
  private final DecisionLog log = new DecisionLog() {
    @Override
    public void append(DecisionRecord entry) {
      if (logDown.get()) {
        throw new IllegalStateException("connection refused");
      }
      memory.append(entry);
    }

    @Override
    public List<DecisionRecord> entries(ContactId subject) {
      return memory.entries(subject);
    }

    @Override
    public long count() {
      return memory.count();
    }

    @Override
    public int pseudonymise(ContactId subject, ContactId pseudonym) {
      return memory.pseudonymise(subject, pseudonym);
    }
  };
  private final ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
  private final ConsentGate gate = ConsentGate.builder(ledger).role("agent", AgentRole.SERVICE_AGENT)
      .decisionLog(log).build();
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(Stores.inMemory()).consentPolicy(gate)
      .sendCheck(channels.sendCheck(clock)).build();

  @Test
  void aGateOutageAtDispatch_doesNotCancelTheQueuedReply_itIsSentOnceTheGateAnswersAgain() {
    IngestResult anna = crm.ingest(channel.parse(channel.delivery(
        channel.privateMessage("m-1", "chat-anna", "anna", "Wo bleibt mein Router?"))).interactions().get(0));
    OutboundId id = crm.reply(anna.caseId(), Actor.agent("agent"), "Ihr Router kommt morgen.")
        .outboundId().orElseThrow();
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();

    logDown.set(true);
    DispatchStats during = dispatcher.drain();
    logDown.set(false);
    clock.advance(Duration.ofMinutes(15));
    dispatcher.drain();

    assertThat(during.cancelled()).as("an outage is not a withdrawal").isZero();
    assertThat(crm.stores().outbox().find(id).orElseThrow().status()).isEqualTo(OutboxStatus.SENT);
    assertThat(channel.sent()).hasSize(1);
  }
}
