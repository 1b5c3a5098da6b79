package io.scrm.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.channels.InMemoryChannel;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.ContactStore;
import io.scrm.core.store.EarlyDeletionStore;
import io.scrm.core.store.IdentityStore;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.LeadStore;
import io.scrm.core.store.OutboxStore;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Inbound de-duplication by (channel, external id) holds beyond the cache: the cache is only the
 * fast path, the interaction store is the truth. The engine keeps the cache only in front of stores
 * outside the process, so these tests present the in-memory stores as such.
 */
final class InboundDeduplicationTest {

  /** In-memory stores that say they are not in process, as a database's would. */
  private static Stores outOfProcess() {
    Stores memory = Stores.inMemory();
    return new Stores() {
      @Override
      public ContactStore contacts() {
        return memory.contacts();
      }

      @Override
      public IdentityStore identities() {
        return memory.identities();
      }

      @Override
      public InteractionStore interactions() {
        return memory.interactions();
      }

      @Override
      public CaseStore cases() {
        return memory.cases();
      }

      @Override
      public EarlyDeletionStore earlyDeletions() {
        return memory.earlyDeletions();
      }

      @Override
      public LeadStore leads() {
        return memory.leads();
      }

      @Override
      public OutboxStore outbox() {
        return memory.outbox();
      }
    };
  }

  private static List<Interaction> thread(InMemoryChannel channel, TestClock clock, int size) {
    List<Interaction> messages = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      messages.add(channel.privateMessage("m" + i, "chat-1", "anna", "Nachricht " + i));
      clock.advance(Duration.ofSeconds(1));
    }
    return messages;
  }

  @Test
  void ingest_redeliveredAfterCacheEviction_duplicateNothingCreated() {
    TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(outOfProcess()).dedupCacheSize(1).build();
    List<Interaction> messages = thread(channel, clock, 50);
    for (Interaction m : messages) {
      crm.ingest(channel.parse(channel.delivery(m)).interactions().get(0));
    }
    crm.forgetCached(messages.stream().map(Interaction::id).toList());

    for (Interaction m : messages) {
      IngestResult again = crm.ingest(channel.parse(channel.delivery(m)).interactions().get(0));
      assertThat(again.outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    }
    assertThat(crm.stores().interactions().findByThread(ChannelId.IN_MEMORY, "chat-1")).hasSize(50);
    CaseId caseId = crm.ingest(messages.get(0)).caseId();
    assertThat(crm.findCase(caseId).orElseThrow().interactions()).hasSize(50).doesNotHaveDuplicates();
  }

  @Test
  void ingest_cacheDisabled_editAfterEvictionStillReplacesTextOnce() {
    TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(outOfProcess()).dedupCacheSize(0).build();
    Interaction original = channel.privateMessage("m1", "chat-1", "anna", "Rooter kaputt");
    Interaction edit = channel.edit(original, "Router kaputt");

    crm.ingest(original);
    assertThat(crm.ingest(edit).outcome()).isEqualTo(IngestResult.Outcome.EDITED);
    assertThat(crm.ingest(edit).outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(crm.ingest(original).outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);

    Interaction stored = crm.stores().interactions().find(original.id()).orElseThrow();
    assertThat(stored.text()).isEqualTo("Router kaputt");
    assertThat(stored.revisions()).hasSize(1);
  }

  @Test
  void ingest_deliveriesRepeatedAndReordered_eachInteractionOnceInOccurrenceOrder() {
    qt().withExamples(60)
        .forAll(lists().of(integers().between(0, 19)).ofSizeBetween(1, 80), integers().between(0, 3))
        .checkAssert((order, cacheSize) -> {
          TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
          InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
          SocialCrm crm = SocialCrm.builder().clock(clock).stores(outOfProcess()).dedupCacheSize(cacheSize).build();
          List<Interaction> messages = thread(channel, clock, 20);
          Set<InteractionId> delivered = new HashSet<>();
          int created = 0;
          for (int index : order) {
            Interaction m = messages.get(index);
            // a delivery carrying the message and, sometimes, a repeat of it in the same batch
            List<Interaction> batch = index % 3 == 0 ? List.of(m, m) : List.of(m);
            for (Interaction parsed : channel.parse(channel.delivery(batch)).interactions()) {
              IngestResult r = crm.ingest(parsed);
              boolean first = delivered.add(m.id());
              assertThat(r.outcome()).isEqualTo(first ? IngestResult.Outcome.CREATED : IngestResult.Outcome.DUPLICATE);
              created += first ? 1 : 0;
            }
          }
          List<Interaction> stored = crm.stores().interactions().findByThread(ChannelId.IN_MEMORY, "chat-1");
          List<Interaction> expected = messages.stream().filter(m -> delivered.contains(m.id())).toList();
          assertThat(stored).extracting(Interaction::id).containsExactlyElementsOf(
              expected.stream().map(Interaction::id).toList());
          assertThat(created).isEqualTo(expected.size());
          assertThat(crm.stores().cases().findOpenByThread(ChannelId.IN_MEMORY, "chat-1").orElseThrow().interactions())
              .hasSize(expected.size()).doesNotHaveDuplicates();
        });
  }
}
