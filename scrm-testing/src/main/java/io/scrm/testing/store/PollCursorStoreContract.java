package io.scrm.testing.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.store.PollCursorStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link PollCursorStore} passes: a cursor is set only over the value its writer
 * read, so of several instances that polled from one cursor at once exactly one moves it, and the
 * others cannot set their older view over it.
 *
 * <p>Extend it and implement {@link #newStore()} (fresh and empty) and {@link #otherInstance()} (a
 * second view on the same cursors, as another host instance sees them; the in-memory store returns
 * the same object).
 *
 * @since 0.1.0
 */
public abstract class PollCursorStoreContract {
  private static final int WRITERS = 4;

  /** Creates the contract. */
  protected PollCursorStoreContract() {}

  /**
   * Returns a fresh, empty store.
   *
   * @return the store
   */
  protected abstract PollCursorStore newStore();

  /**
   * Returns a second view on the cursors of the last {@link #newStore()}.
   *
   * @return the other view
   */
  protected abstract PollCursorStore otherInstance();

  @Test
  void aChannelNeverPolledHasNoCursor() {
    assertThat(newStore().find(ChannelId.MASTODON)).isEmpty();
  }

  @Test
  void theFirstCursorIsSetOnlyWhereNoneIsStored() {
    PollCursorStore store = newStore();
    assertThat(store.compareAndSet(ChannelId.MASTODON, null, "110")).isTrue();
    assertThat(otherInstance().compareAndSet(ChannelId.MASTODON, null, "105")).isFalse();
    assertThat(otherInstance().find(ChannelId.MASTODON)).contains("110");
  }

  @Test
  void aCursorMovesOnlyFromTheValueItsWriterRead() {
    PollCursorStore store = newStore();
    store.compareAndSet(ChannelId.X, null, "1800000000000000001");
    assertThat(store.compareAndSet(ChannelId.X, "1800000000000000001", "1800000000000000009")).isTrue();
    assertThat(otherInstance().compareAndSet(ChannelId.X, "1800000000000000001", "1800000000000000005")).isFalse();
    assertThat(store.find(ChannelId.X)).contains("1800000000000000009");
  }

  @Test
  void channelsHaveCursorsOfTheirOwn() {
    PollCursorStore store = newStore();
    store.compareAndSet(ChannelId.MASTODON, null, "7");
    store.compareAndSet(ChannelId.TELEGRAM, null, "902115");
    assertThat(store.find(ChannelId.MASTODON)).contains("7");
    assertThat(store.find(ChannelId.TELEGRAM)).contains("902115");
    assertThat(store.find(ChannelId.X)).isEmpty();
  }

  @Test
  void aDeletedCursorIsGoneAndCanBeSetAgainFromNone() {
    PollCursorStore store = newStore();
    store.compareAndSet(ChannelId.MASTODON, null, "7");
    assertThat(otherInstance().delete(ChannelId.MASTODON)).isTrue();
    assertThat(store.delete(ChannelId.MASTODON)).isFalse();
    assertThat(store.find(ChannelId.MASTODON)).isEmpty();
    assertThat(store.compareAndSet(ChannelId.MASTODON, "7", "8")).isFalse();
    assertThat(store.compareAndSet(ChannelId.MASTODON, null, "8")).isTrue();
  }

  @Test
  void aCursorKeepsWhatThePlatformWrote() {
    PollCursorStore store = newStore();
    String cursor = "m:1834459012345678901 d:1834459012345678902 ü";
    store.compareAndSet(ChannelId.X, null, cursor);
    assertThat(otherInstance().find(ChannelId.X)).contains(cursor);
  }

  @Test
  void aBlankCursorIsRefusedAndNothingChanges() {
    PollCursorStore store = newStore();
    store.compareAndSet(ChannelId.MASTODON, null, "7");
    assertThatThrownBy(() -> store.compareAndSet(ChannelId.MASTODON, "7", " "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("next");
    assertThat(store.find(ChannelId.MASTODON)).contains("7");
  }

  @Test
  void ofConcurrentWritersFromOneCursorExactlyOneWins() throws Exception {
    PollCursorStore store = newStore();
    store.compareAndSet(ChannelId.TELEGRAM, null, "100");
    for (int round = 0; round < 20; round++) {
      String from = store.find(ChannelId.TELEGRAM).orElseThrow();
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          PollCursorStore view = w % 2 == 0 ? store : otherInstance();
          String next = from + "-" + w;
          Callable<Boolean> write = () -> {
            start.await();
            return view.compareAndSet(ChannelId.TELEGRAM, from, next);
          };
          results.add(pool.submit(write));
        }
        start.countDown();
        int won = 0;
        for (Future<Boolean> r : results) {
          won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        assertThat(won).as("round %d", round).isEqualTo(1);
        assertThat(store.find(ChannelId.TELEGRAM).orElseThrow()).startsWith(from + "-");
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
