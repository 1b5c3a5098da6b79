package io.scrm.testing.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.listening.Broadcasts.Subscription;
import io.scrm.core.listening.SubscriptionStore;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link SubscriptionStore} passes: one subscription per topic, person and
 * channel, the first one kept; subscriptions listed by topic and by person in a stable order; a
 * person's removed at once, on every topic.
 *
 * <p>Extend it and implement {@link #newStore()} (fresh and empty) and {@link #otherInstance()} (a
 * second view on the same subscriptions, as another host instance sees them; the in-memory store
 * returns the same object).
 *
 * @since 0.1.0
 */
public abstract class SubscriptionStoreContract {
  private static final String NIPPES = "stoerung-koeln-nippes";
  private static final String WARTUNG = "wartung";
  private static final Instant T0 = Instant.parse("2026-03-02T08:15:30.123456789Z");
  private static final int WRITERS = 4;

  /** Creates the contract. */
  protected SubscriptionStoreContract() {}

  /**
   * Returns a fresh, empty store.
   *
   * @return the store
   */
  protected abstract SubscriptionStore newStore();

  /**
   * Returns a second view on the subscriptions of the last {@link #newStore()}.
   *
   * @return the other view
   */
  protected abstract SubscriptionStore otherInstance();

  private static Subscription sub(String topic, String contact, ChannelId channel, @Nullable String thread,
      long secondsAfter) {
    return new Subscription(topic, ContactId.of(contact), channel, thread, T0.plusSeconds(secondsAfter));
  }

  @Test
  void aSubscriptionIsStoredWithWhatItSays_toTheNanosecond() {
    SubscriptionStore store = newStore();
    Subscription s = sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88123", 0);

    assertThat(store.add(s)).isEqualTo(s);
    assertThat(otherInstance().ofTopic(NIPPES)).containsExactly(s);
    assertThat(otherInstance().ofContact(ContactId.of("c-1"))).containsExactly(s);
  }

  @Test
  void theFirstSubscriptionOfAPersonToATopicOnAChannelIsKept() {
    SubscriptionStore store = newStore();
    Subscription first = sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88123", 0);
    store.add(first);

    assertThat(otherInstance().add(sub(NIPPES, "c-1", ChannelId.TELEGRAM, "99999", 60))).isEqualTo(first);
    assertThat(store.ofTopic(NIPPES)).containsExactly(first);
  }

  @Test
  void aPersonMaySubscribeOnSeveralChannelsAndTopics_withoutAThread() {
    SubscriptionStore store = newStore();
    Subscription telegram = store.add(sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88123", 0));
    Subscription mastodon = store.add(sub(NIPPES, "c-1", ChannelId.MASTODON, null, 1));
    Subscription wartung = store.add(sub(WARTUNG, "c-1", ChannelId.MASTODON, null, 0));

    assertThat(store.ofTopic(NIPPES)).containsExactly(telegram, mastodon);
    assertThat(store.ofContact(ContactId.of("c-1"))).containsExactly(telegram, mastodon, wartung);
    assertThat(mastodon.threadId()).isNull();
  }

  @Test
  void aTopicListsOldestFirst_thenByContactAndChannel() {
    SubscriptionStore store = newStore();
    Subscription late = store.add(sub(NIPPES, "a", ChannelId.X, null, 30));
    Subscription bOnTelegram = store.add(sub(NIPPES, "b", ChannelId.TELEGRAM, "2", 10));
    Subscription bOnMastodon = store.add(sub(NIPPES, "b", ChannelId.MASTODON, null, 10));
    Subscription aAtTheSameTime = store.add(sub(NIPPES, "a", ChannelId.TELEGRAM, "1", 10));
    store.add(sub(WARTUNG, "z", ChannelId.X, null, 0));

    assertThat(otherInstance().ofTopic(NIPPES)).containsExactly(aAtTheSameTime, bOnMastodon, bOnTelegram, late);
    assertThat(otherInstance().ofTopic("unbekannt")).isEmpty();
  }

  @Test
  void aPersonsListIsByTopic_thenOldestFirst() {
    SubscriptionStore store = newStore();
    Subscription wartungEarly = store.add(sub(WARTUNG, "c-1", ChannelId.X, null, 0));
    Subscription nippesLate = store.add(sub(NIPPES, "c-1", ChannelId.X, null, 20));
    Subscription nippesEarly = store.add(sub(NIPPES, "c-1", ChannelId.TELEGRAM, "7", 5));
    store.add(sub(NIPPES, "c-2", ChannelId.X, null, 0));

    assertThat(store.ofContact(ContactId.of("c-1"))).containsExactly(nippesEarly, nippesLate, wartungEarly);
    assertThat(store.ofContact(ContactId.of("c-3"))).isEmpty();
  }

  @Test
  void aPersonsListIsByTopic_inOneOrderInEveryStore_alsoBeyondTheBasicPlane() {
    SubscriptionStore store = newStore();
    // U+FF5E (fullwidth tilde) and U+1F6A7 (construction sign): UTF-16 puts the second first, code points
    // (and so PostgreSQL's COLLATE "C" on UTF-8) the first
    Subscription fullwidth = store.add(sub("\uFF5Ebaustelle", "c-1", ChannelId.X, null, 0));
    Subscription emoji = store.add(sub("\uD83D\uDEA7baustelle", "c-1", ChannelId.X, null, 0));

    assertThat(otherInstance().ofContact(ContactId.of("c-1"))).containsExactly(fullwidth, emoji);
  }

  @Test
  void removingOneSubscriptionLeavesTheOthers_andCanBeSubscribedAgain() {
    SubscriptionStore store = newStore();
    store.add(sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88123", 0));
    Subscription mastodon = store.add(sub(NIPPES, "c-1", ChannelId.MASTODON, null, 0));

    assertThat(otherInstance().remove(NIPPES, ContactId.of("c-1"), ChannelId.TELEGRAM)).isTrue();
    assertThat(store.remove(NIPPES, ContactId.of("c-1"), ChannelId.TELEGRAM)).isFalse();
    assertThat(store.remove("unbekannt", ContactId.of("c-1"), ChannelId.MASTODON)).isFalse();
    assertThat(store.ofTopic(NIPPES)).containsExactly(mastodon);
    Subscription again = sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88124", 90);
    assertThat(store.add(again)).isEqualTo(again);
  }

  @Test
  void removingAPersonEndsEveryOneOfTheirSubscriptions_andNoOneElses() {
    SubscriptionStore store = newStore();
    store.add(sub(NIPPES, "c-1", ChannelId.TELEGRAM, "88123", 0));
    store.add(sub(NIPPES, "c-1", ChannelId.X, null, 0));
    store.add(sub(WARTUNG, "c-1", ChannelId.X, null, 0));
    Subscription other = store.add(sub(WARTUNG, "c-2", ChannelId.X, null, 0));

    assertThat(otherInstance().removeContact(ContactId.of("c-1"))).isEqualTo(3);
    assertThat(store.removeContact(ContactId.of("c-1"))).isZero();
    assertThat(store.ofContact(ContactId.of("c-1"))).isEmpty();
    assertThat(store.ofTopic(NIPPES)).isEmpty();
    assertThat(store.ofTopic(WARTUNG)).containsExactly(other);
  }

  @Test
  void aThreadKeepsWhatThePlatformWrote() {
    SubscriptionStore store = newStore();
    Subscription s = sub(NIPPES, "c-1", ChannelId.EMAIL, "<a1b2.4711@mail.example.de> ü", 0);
    store.add(s);
    assertThat(otherInstance().ofTopic(NIPPES)).containsExactly(s);
  }

  @Test
  void ofConcurrentSubscribersOfOnePersonExactlyOneIsStored_andAllGetItBack() throws Exception {
    SubscriptionStore store = newStore();
    for (int round = 0; round < 20; round++) {
      String contact = "c-" + round;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
      try {
        List<Future<Subscription>> results = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
          SubscriptionStore view = w % 2 == 0 ? store : otherInstance();
          Subscription mine = sub(NIPPES, contact, ChannelId.TELEGRAM, "thread-" + w, w);
          Callable<Subscription> add = () -> {
            start.await();
            return view.add(mine);
          };
          results.add(pool.submit(add));
        }
        start.countDown();
        List<Subscription> got = new ArrayList<>();
        for (Future<Subscription> r : results) {
          got.add(r.get(30, TimeUnit.SECONDS));
        }
        List<Subscription> stored = store.ofContact(ContactId.of(contact));
        assertThat(stored).as("round %d", round).hasSize(1);
        assertThat(got).as("round %d", round).containsOnly(stored.get(0));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
