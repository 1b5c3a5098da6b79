package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelCapabilities;
import io.scrm.channels.Channels;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.InMemoryChannel;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.SendResult;
import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.DataSubjectRequests;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.store.Stores;
import io.scrm.testing.TestClock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An erasure (GDPR Art. 17) carried out while a dispatcher works through the batch it claimed: a
 * message erased before its turn is not sent, and one erased while it was on its way is not stored
 * again when its send is recorded.
 */
final class ErasureDuringDispatchTest {
  private final TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
  private final InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
  private final Stores stores = Stores.inMemory();
  private final ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
  private final ConsentGate gate = ConsentGate.builder(ledger).role("agent", AgentRole.SERVICE_AGENT).build();
  /** What runs (once) inside the send of the message whose text starts with the key. */
  private final Map<String, Runnable> duringSend = new ConcurrentHashMap<>();
  private final ChannelAdapter adapter = new ChannelAdapter() {
    @Override
    public ChannelId channel() {
      return channel.channel();
    }

    @Override
    public ChannelCapabilities capabilities(ChannelId id) {
      return channel.capabilities(id);
    }

    @Override
    public ParsedDelivery parse(InboundDelivery delivery) {
      return channel.parse(delivery);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      // an erasure request handled on another thread of the host meanwhile
      duringSend.keySet().stream().filter(message.text()::startsWith).toList()
          .forEach(key -> duringSend.remove(key).run());
      return channel.send(message);
    }

    @Override
    public void close() {
      channel.close();
    }
  };
  private final Channels channels = Channels.of(adapter);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).consentPolicy(gate)
      .sendCheck(channels.sendCheck(clock)).build();
  private final DataSubjectRequests requests = DataSubjectRequests.of(crm, gate, null);

  private IngestResult ask(String who, String text) {
    return crm.ingest(channel.parse(channel.delivery(
        channel.privateMessage("m-" + who, "chat-" + who, who, text))).interactions().get(0));
  }

  @Test
  void aMessageErasedAfterTheClaimButBeforeItsTurn_isNotSent() {
    IngestResult anna = ask("anna", "Wo bleibt mein Router?");
    IngestResult bert = ask("bert", "Bitte rufen Sie mich an.");
    crm.reply(anna.caseId(), Actor.agent("agent"), "Anna, Ihr Router kommt morgen.");
    crm.reply(bert.caseId(), Actor.agent("agent"), "Bert, Ihre Nummer 0171 5550123 ist notiert.");
    // both replies are claimed in one batch; Bert's erasure is carried out while Anna's is sent
    duringSend.put("Anna", () -> requests.erase(bert.contact(), Actor.agent("dpo")));

    DispatchStats stats = OutboxDispatcher.builder(crm, channels).build().drain();

    assertThat(channel.sent()).extracting(InMemoryChannel.Sent::text)
        .containsExactly("Anna, Ihr Router kommt morgen.");
    assertThat(stats.cancelled()).isEqualTo(1);
    assertThat(stats.lostLeases() + stats.errors()).isZero();
    assertThat(stores.outbox().findByRecipient(bert.contact())).isEmpty();
  }

  @Test
  void aMessageErasedWhileItIsSent_isNotStoredAgainWhenItsSendIsRecorded() {
    IngestResult bert = ask("bert", "Bitte rufen Sie mich an.");
    crm.reply(bert.caseId(), Actor.agent("agent"), "Bert, Ihre Nummer 0171 5550123 ist notiert.");
    duringSend.put("Bert", () -> requests.erase(bert.contact(), Actor.agent("dpo")));

    DispatchStats stats = OutboxDispatcher.builder(crm, channels).build().drain();

    assertThat(channel.sent()).as("on its way when the erasure came").hasSize(1);
    assertThat(stats.sent()).isEqualTo(1);
    assertThat(stats.lostLeases() + stats.errors()).isZero();
    assertThat(stores.interactions().findByThread(ChannelId.IN_MEMORY, "chat-bert"))
        .as("nothing of Bert's conversation stored again").isEmpty();
    assertThat(stores.cases().find(bert.caseId())).isEmpty();
    assertThat(stores.outbox().findByRecipient(bert.contact())).isEmpty();
  }

  @Test
  void aMessageErasedWhileTheGateIsAskedAtDispatch_isCountedAsCancelled_notAsALostLease() {
    AtomicReference<Runnable> duringCheck = new AtomicReference<>();
    SocialCrm checked = SocialCrm.builder().clock(clock).stores(stores).sendCheck(channels.sendCheck(clock))
        .consentPolicy(query -> {
          Runnable erasure = duringCheck.getAndSet(null);
          if (erasure == null) {
            return gate.decide(query);
          }
          erasure.run();
          return ConsentDecision.deny("subject erased");
        }).build();
    DataSubjectRequests erasing = DataSubjectRequests.of(checked, gate, null);
    IngestResult bert = checked.ingest(channel.parse(channel.delivery(
        channel.privateMessage("m-bert", "chat-bert", "bert", "Bitte rufen Sie mich an."))).interactions().get(0));
    checked.reply(bert.caseId(), Actor.agent("agent"), "Bert, Ihre Nummer 0171 5550123 ist notiert.");
    duringCheck.set(() -> erasing.erase(bert.contact(), Actor.agent("dpo")));

    DispatchStats stats = OutboxDispatcher.builder(checked, channels).build().drain();

    assertThat(channel.sent()).isEmpty();
    assertThat(stats.cancelled()).isEqualTo(1);
    assertThat(stats.lostLeases() + stats.errors()).isZero();
  }

  @Test
  void aMessageNotErased_isRecordedOnItsCaseAsBefore() {
    IngestResult anna = ask("anna", "Wo bleibt mein Router?");
    crm.reply(anna.caseId(), Actor.agent("agent"), "Anna, Ihr Router kommt morgen.");

    OutboxDispatcher.builder(crm, channels).build().drain();

    assertThat(crm.interactionsOf(anna.caseId())).filteredOn(i -> i.direction() == Direction.OUTBOUND)
        .singleElement().satisfies(i -> assertThat(i.text()).isEqualTo("Anna, Ihr Router kommt morgen."));
  }
}
