package io.scrm.channels;

import static io.scrm.channels.Proxies.proxy;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.StoreException;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Thousands of polled messages while the platform fails polls (server errors, rate limits), the
 * interaction store and the cursor store fail now and then, the host restarts, and two instances
 * poll one channel at once on a shared cursor store: every message is stored exactly once, and each
 * conversation's messages in the order they were written; the few the store can never hold are
 * abandoned, and only they.
 */
final class IntakeFaultTest {
  private static final int MESSAGES = 3_000;
  private static final int BATCH = 100;
  private static final int CHATS = 150;
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);
  /** Messages the store can never hold. */
  private static final Set<String> UNSTORABLE = Set.of("m17", "m1234", "m2999");

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
  /** Decides the faults of the stores, on the polling threads. */
  private final Random random = new Random(4711);
  /** Decides the platform's faults and the restarts, on the test's thread. */
  private final Random driver = new Random(815);
  private final AtomicBoolean faults = new AtomicBoolean(true);

  private final AtomicInteger storeFaults = new AtomicInteger();
  private final AtomicInteger cursorFaults = new AtomicInteger();

  private boolean fails(int percent) {
    return faults.get() && random.nextInt(100) < percent;
  }

  /** A store that is down for a moment: a later attempt may succeed. */
  static final class Unavailable extends StoreException {
    private static final long serialVersionUID = 1L;

    Unavailable(String what) {
      super(what + " unavailable");
    }
  }

  @Test
  void faultyPlatformStoresAndRestarts_everyMessageStoredOnceAndInOrder() throws Exception {
    Stores real = Stores.inMemory();
    List<String> created = Collections.synchronizedList(new ArrayList<>());
    InteractionStore flakyInteractions = proxy(InteractionStore.class, real.interactions(), (name, args, call) -> {
      if (name.equals("create")) {
        String externalId = ((Interaction) args[0]).externalId();
        if (UNSTORABLE.contains(externalId)) {
          throw new IllegalArgumentException("a value the store cannot hold");
        }
        if (fails(3)) {
          // a store that is down, or instances racing for one row: both pass
          storeFaults.incrementAndGet();
          throw random.nextBoolean() ? new Unavailable("interaction store") : new IllegalStateException("lost a race");
        }
        Object stored = call.get();
        created.add(externalId);
        return stored;
      }
      return call.get();
    });
    Stores stores = proxy(Stores.class, real, (name, args, call) ->
        name.equals("interactions") ? flakyInteractions : call.get());
    PollCursorStore sharedCursors = PollCursorStore.inMemory();
    PollCursorStore flakyCursors = proxy(PollCursorStore.class, sharedCursors, (name, args, call) -> {
      if (fails(5)) {
        cursorFaults.incrementAndGet();
        throw new Unavailable("cursor store");
      }
      return call.get();
    });
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).pollPageSize(25).build();
    Channels channels = Channels.of(channel);
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).dedupCacheSize(16).build();

    long createdCount = 0;
    List<InteractionId> abandoned = new ArrayList<>();
    long abandonedCount = 0;
    int restarts = 0;
    int pollFaults = 0;
    List<Intake> instances = new ArrayList<>(List.of(intake(crm, channels, flakyCursors), intake(crm, channels,
        flakyCursors)));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      for (int sent = 0, round = 0; sent < MESSAGES || !caughtUp(sharedCursors); round++) {
        assertThat(round).as("rounds before every message was heard").isLessThan(5_000);
        if (sent < MESSAGES) {
          for (int i = sent; i < sent + BATCH; i++) {
            channel.inject(message(channel, i));
          }
          sent += BATCH;
        } else {
          faults.set(false);
        }
        if (faults.get() && driver.nextInt(5) == 0) {
          int failing = 1 + driver.nextInt(3);
          channel.failNextPolls(failing, driver.nextBoolean() ? Duration.ofSeconds(45) : null);
          pollFaults += failing;
        }
        List<Future<PollStats>> rounds = new ArrayList<>();
        for (Intake instance : instances) {
          rounds.add(pool.submit(instance::pollDue));
        }
        for (Future<PollStats> r : rounds) {
          r.get(60, TimeUnit.SECONDS);
        }
        if (faults.get() && driver.nextInt(4) == 0) {
          // a host instance dies between rounds and comes back on the same stores
          int which = driver.nextInt(instances.size());
          Intake dead = instances.get(which);
          createdCount += dead.stats().created();
          abandonedCount += dead.stats().abandoned();
          abandoned.addAll(dead.abandoned());
          dead.close();
          instances.set(which, intake(crm, channels, flakyCursors));
          restarts++;
        }
        clock.advance(MAX_BACKOFF);
      }
    } finally {
      pool.shutdownNow();
    }
    for (Intake instance : instances) {
      createdCount += instance.stats().created();
      abandonedCount += instance.stats().abandoned();
      abandoned.addAll(instance.abandoned());
      instance.close();
    }

    // every kind of fault fired (how often varies with the two threads' timing)
    assertThat(restarts).as("restarts").isPositive();
    assertThat(pollFaults).as("failed polls").isPositive();
    assertThat(storeFaults.get()).as("interaction store failures").isPositive();
    assertThat(cursorFaults.get()).as("cursor store failures").isPositive();
    int storable = MESSAGES - UNSTORABLE.size();
    assertThat(createdCount).as("interactions created by all instances together").isEqualTo(storable);
    assertThat(created).as("creates").hasSize(storable).doesNotHaveDuplicates();
    // each is abandoned by the instance that gave up on it; another instance may have given up too
    assertThat(new HashSet<>(abandoned)).containsExactlyInAnyOrderElementsOf(
        UNSTORABLE.stream().map(e -> InteractionId.of(ChannelId.IN_MEMORY, e)).toList());
    assertThat(abandonedCount).isEqualTo(abandoned.size());
    for (int i = 0; i < MESSAGES; i++) {
      boolean stored = real.interactions().find(InteractionId.of(ChannelId.IN_MEMORY, "m" + i)).isPresent();
      assertThat(stored).as("m%d stored", i).isEqualTo(!UNSTORABLE.contains("m" + i));
    }
    // each conversation's messages were created in the order they were written
    Map<Integer, Integer> lastOfChat = new HashMap<>();
    for (String externalId : created) {
      int n = Integer.parseInt(externalId.substring(1));
      Integer before = lastOfChat.put(n % CHATS, n);
      assertThat(before == null || before < n).as("m%d after m%s in its chat", n, before).isTrue();
    }
  }

  private boolean caughtUp(PollCursorStore cursors) {
    return cursors.find(ChannelId.IN_MEMORY).map(c -> Integer.parseInt(c) == MESSAGES).orElse(false);
  }

  private Intake intake(SocialCrm crm, Channels channels, PollCursorStore cursors) {
    return Intake.builder(crm, channels).cursors(cursors).poll(ChannelId.IN_MEMORY, INTERVAL)
        .maxBackoff(MAX_BACKOFF).maxPagesPerRound(3).build();
  }

  private Interaction message(InMemoryChannel channel, int n) {
    clock.advance(Duration.ofMillis(1));
    return channel.privateMessage("m" + n, "chat-" + n % CHATS, "kunde-" + n % CHATS, "Nachricht " + n);
  }
}
