package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.Case;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.Stores;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class SocialCrmConcurrencyTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private static final int THREADS = 8;
  private static final int CONVERSATIONS = 20;
  private static final int MESSAGES_PER_CONVERSATION = 25;

  private static Interaction message(int conversation, int n) {
    return Interaction.inbound(ChannelId.TELEGRAM, conversation + ":" + n).thread("chat-" + conversation)
        .author("user-" + (conversation % 7), null).text("Nachricht " + n).occurredAt(T0.plusSeconds(n)).build();
  }

  @Test
  void ingest_manyThreadsDeliveringOverlappingDuplicates_storesEachOnceInOneCasePerThread() throws Exception {
    Stores stores = Stores.inMemory();
    // a tiny cache so most duplicates go down the store path
    SocialCrm crm = SocialCrm.builder().stores(stores).dedupCacheSize(8).build();
    List<Interaction> all = new ArrayList<>();
    for (int c = 0; c < CONVERSATIONS; c++) {
      for (int n = 0; n < MESSAGES_PER_CONVERSATION; n++) {
        all.add(message(c, n));
      }
    }
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<List<IngestResult>>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int offset = t;
      futures.add(pool.submit(() -> {
        start.await();
        List<IngestResult> results = new ArrayList<>();
        // every thread delivers every message, each starting at a different point: many duplicates race
        for (int i = 0; i < all.size(); i++) {
          results.add(crm.ingest(all.get((i + offset * 31) % all.size())));
        }
        return results;
      }));
    }
    start.countDown();
    List<IngestResult> results = new ArrayList<>();
    for (Future<List<IngestResult>> f : futures) {
      results.addAll(f.get(60, TimeUnit.SECONDS));
    }
    pool.shutdown();

    assertThat(stores.interactions().count()).isEqualTo(all.size());
    assertThat(results.stream().filter(r -> r.outcome() == IngestResult.Outcome.CREATED).count())
        .as("each delivery created exactly once").isEqualTo(all.size());
    assertThat(stores.cases().count()).as("one case per conversation").isEqualTo(CONVERSATIONS);
    assertThat(stores.contacts().count()).as("one contact per author").isEqualTo(7);
    assertThat(stores.identities().count()).isEqualTo(7);
    Set<InteractionId> attached = new HashSet<>();
    for (Case c : stores.cases().findOpen()) {
      assertThat(c.interactions()).hasSize(MESSAGES_PER_CONVERSATION);
      assertThat(c.audit()).hasSize(MESSAGES_PER_CONVERSATION);
      attached.addAll(c.interactions());
    }
    assertThat(attached).as("no interaction lost").hasSize(all.size());
    for (IngestResult r : results) {
      assertThat(stores.cases().findByInteraction(r.interaction()).orElseThrow().id()).isEqualTo(r.caseId());
    }
  }
}
