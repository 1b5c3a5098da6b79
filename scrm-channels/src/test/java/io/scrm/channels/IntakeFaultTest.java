package io.scrm.channels;

import static io.scrm.channels.Proxies.proxy;
import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Thousands of polled messages while the platform fails polls (server errors, rate limits), the
 * interaction store and the cursor store fail now and then, the host restarts, and two instances
 * poll one channel at once on a shared cursor store: every message is stored exactly once, and each
 * conversation's messages in the order they were written.
 */
final class IntakeFaultTest {
  private static final int MESSAGES = 3_000;
  private static final int BATCH = 100;
  private static final int CHATS = 150;
  private static final Duration INTERVAL = Duration.ofSeconds(10);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(2);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
  /** Decides the faults of the stores, on the polling threads. */
  private final Random random = new Random(4711);
  /** Decides the platform's faults and the restarts, on the test's thread. */
  private final Random driver = new Random(815);
  private final AtomicBoolean faults = new AtomicBoolean(true);

  private boolean fails(int percent) {
    return faults.get() && random.nextInt(100) < percent;
  }

  @Test
  void faultyPlatformStoresAndRestarts_everyMessageStoredOnceAndInOrder() throws Exception {
    Stores real = Stores.inMemory();
    InteractionStore flakyInteractions = proxy(InteractionStore.class, real.interactions(), (name, args, call) -> {
      if (name.equals("create") && fails(3)) {
        throw new IllegalStateException("interaction store unavailable");
      }
      return call.get();
    });
    Stores stores = proxy(Stores.class, real, (name, args, call) ->
        name.equals("interactions") ? flakyInteractions : call.get());
    PollCursorStore sharedCursors = PollCursorStore.inMemory();
    PollCursorStore flakyCursors = proxy(PollCursorStore.class, sharedCursors, (name, args, call) -> {
      if (fails(5)) {
        throw new IllegalStateException("cursor store unavailable");
      }
      return call.get();
    });
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).pollPageSize(25).build();
    Channels channels = Channels.of(channel);
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).dedupCacheSize(16).build();

    long created = 0;
    int restarts = 0;
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
          channel.failNextPolls(1 + driver.nextInt(3), driver.nextBoolean() ? Duration.ofSeconds(45) : null);
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
          created += dead.stats().created();
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
      created += instance.stats().created();
      instance.close();
    }

    assertThat(restarts).as("the run restarted instances").isGreaterThan(5);
    assertThat(created).as("interactions created by all instances together").isEqualTo(MESSAGES);
    assertThat(real.interactions().count()).isEqualTo(MESSAGES);
    for (int i = 0; i < MESSAGES; i++) {
      assertThat(real.interactions().find(InteractionId.of(ChannelId.IN_MEMORY, "m" + i))).as("m%d", i).isPresent();
    }
    for (int chat = 0; chat < CHATS; chat++) {
      List<Interaction> thread = real.interactions().findByThread(ChannelId.IN_MEMORY, "chat-" + chat);
      assertThat(thread).hasSize(MESSAGES / CHATS);
      for (int k = 1; k < thread.size(); k++) {
        assertThat(thread.get(k).occurredAt()).isAfterOrEqualTo(thread.get(k - 1).occurredAt());
      }
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
