package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class InMemoryEarlyDeletionsTest {
  private static final Instant T0 = Instant.parse("2026-12-04T09:00:00Z");

  private static InteractionId message(int n) {
    return InteractionId.of(ChannelId.TELEGRAM, "99:" + n);
  }

  @Test
  void beyondItsCapacity_theDeletionHeardFirstIsDropped() {
    EarlyDeletionStore store = EarlyDeletionStore.inMemory(3, Duration.ofHours(1));
    for (int i = 1; i <= 4; i++) {
      store.remember(message(i), T0, T0.plusSeconds(i));
    }

    assertThat(store.find(message(1), T0.plusSeconds(10))).isEmpty();
    for (int i = 2; i <= 4; i++) {
      assertThat(store.find(message(i), T0.plusSeconds(10))).as("message %d", i).contains(T0);
    }
    assertThat(store.toString()).contains("3 of 3");
  }

  @Test
  void aRepeat_keepsItsPlaceInTheOrderHeard() {
    EarlyDeletionStore store = EarlyDeletionStore.inMemory(2, Duration.ofHours(1));
    store.remember(message(1), T0, T0);
    store.remember(message(2), T0, T0.plusSeconds(1));
    store.remember(message(1), T0.plusSeconds(5), T0.plusSeconds(2));

    store.remember(message(3), T0, T0.plusSeconds(3));

    assertThat(store.find(message(1), T0.plusSeconds(4))).as("still the first heard").isEmpty();
    assertThat(store.find(message(2), T0.plusSeconds(4))).contains(T0);
  }

  @Test
  void aRetentionOfCenturies_doesNotOverflow() {
    EarlyDeletionStore store = EarlyDeletionStore.inMemory(1, Duration.ofSeconds(Long.MAX_VALUE));
    store.remember(message(1), T0, Instant.MAX);

    assertThat(store.find(message(1), Instant.MAX)).contains(T0);
  }

  @Test
  void refusesAnEmptyCapacityOrRetention_andNullArguments() {
    assertThatThrownBy(() -> EarlyDeletionStore.inMemory(0, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
    assertThatThrownBy(() -> EarlyDeletionStore.inMemory(1, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    assertThatThrownBy(() -> EarlyDeletionStore.inMemory(1, Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retention");
    EarlyDeletionStore store = EarlyDeletionStore.inMemory();
    assertThatThrownBy(() -> store.remember(message(1), null, T0)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("deletedAt");
    assertThatThrownBy(() -> store.find(null, T0)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("message");
    assertThatThrownBy(() -> store.find(message(1), null)).isInstanceOf(NullPointerException.class)
        .hasMessageContaining("now");
    assertThatThrownBy(() -> store.forget(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void concurrentWritersAndReaders_leaveEveryDeletionFoundOnce() throws Exception {
    EarlyDeletionStore store = EarlyDeletionStore.inMemory();
    int threads = 4;
    int each = 500;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<Integer>> found = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        found.add(pool.submit(() -> {
          start.await();
          int seen = 0;
          for (int i = 0; i < each; i++) {
            InteractionId id = message(thread * each + i);
            store.remember(id, T0, T0);
            if (store.find(id, T0).isPresent()) {
              seen++;
            }
            if (i % 2 == 0 && store.forget(id)) {
              seen++;
            }
          }
          return seen;
        }));
      }
      start.countDown();
      int total = 0;
      for (Future<Integer> f : found) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      assertThat(total).isEqualTo(threads * each + threads * each / 2);
      for (int n = 0; n < threads * each; n++) {
        assertThat(store.find(message(n), T0).isPresent()).as("message %d", n).isEqualTo(n % each % 2 == 1);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
