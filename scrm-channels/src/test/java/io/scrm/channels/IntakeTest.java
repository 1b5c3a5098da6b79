package io.scrm.channels;

import static io.scrm.channels.Proxies.proxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.StoreException;
import io.scrm.core.store.Stores;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class IntakeTest {
  private static final Duration INTERVAL = Duration.ofSeconds(30);

  private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T08:00:00Z"));
  /** External ids whose interaction the store cannot create (a store that is down), until removed. */
  private final Set<String> refused = ConcurrentHashMap.newKeySet();
  /** External ids whose interaction the store refuses for good (a value it cannot hold). */
  private final Set<String> unstorable = ConcurrentHashMap.newKeySet();
  /** External ids whose stored message cannot be updated (marked deleted) while listed. */
  private final Set<String> unmarkable = ConcurrentHashMap.newKeySet();
  /** External ids whose stored message the store refuses to update for a value. */
  private final Set<String> neverMarkable = ConcurrentHashMap.newKeySet();
  private final Stores stores = refusing(Stores.inMemory());
  private final InMemoryChannel channel = InMemoryChannel.builder().clock(clock).pollPageSize(2).build();
  private final Channels channels = Channels.of(channel);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).stores(stores).build();
  private final PollCursorStore cursors = PollCursorStore.inMemory();

  private Stores refusing(Stores real) {
    InteractionStore interactions = proxy(InteractionStore.class, real.interactions(), (name, args, call) -> {
      if (name.equals("create") && refused.contains(((Interaction) args[0]).externalId())) {
        throw new Unavailable();
      }
      if (name.equals("create") && unstorable.contains(((Interaction) args[0]).externalId())) {
        throw new IllegalArgumentException("a value the store cannot hold");
      }
      if (name.equals("update") && unmarkable.contains(((Interaction) args[0]).externalId())) {
        throw new Unavailable();
      }
      if (name.equals("update") && neverMarkable.contains(((Interaction) args[0]).externalId())) {
        throw new IllegalArgumentException("a value the store cannot hold");
      }
      return call.get();
    });
    return proxy(Stores.class, real, (name, args, call) -> name.equals("interactions") ? interactions : call.get());
  }

  /** A store that is down for a while: trying again may succeed. */
  static final class Unavailable extends StoreException {
    private static final long serialVersionUID = 1L;

    Unavailable() {
      super("interaction store unavailable");
    }
  }

  private Intake.Builder intake() {
    return Intake.builder(crm, channels).cursors(cursors).poll(ChannelId.IN_MEMORY, INTERVAL);
  }

  private Interaction message(int n) {
    return channel.privateMessage("m" + n, "chat-" + n % 7, "kunde-" + n % 7, "Nachricht " + n);
  }

  private void inject(int from, int to) {
    for (int n = from; n < to; n++) {
      channel.inject(message(n));
    }
  }

  private static InteractionId id(int n) {
    return InteractionId.of(ChannelId.IN_MEMORY, "m" + n);
  }

  private boolean stored(int n) {
    return stores.interactions().find(id(n)).isPresent();
  }

  @Test
  void aWebhookDeliveryIsIngestedWholeAndInOrderAndARedeliveryStoresNothingTwice() {
    try (Intake intake = intake().build()) {
      InboundDelivery delivery = channel.delivery(message(1), message(2), message(3));

      Intake.Receipt first = intake.receive(ChannelId.IN_MEMORY, delivery);
      Intake.Receipt again = intake.receive(ChannelId.IN_MEMORY, delivery);

      assertThat(first.results()).extracting(IngestResult::interaction).containsExactly(id(1), id(2), id(3));
      assertThat(first.count(IngestResult.Outcome.CREATED)).isEqualTo(3);
      assertThat(again.count(IngestResult.Outcome.DUPLICATE)).isEqualTo(3);
      assertThat(stores.interactions().count()).isEqualTo(3);
    }
  }

  @Test
  void aDeletionDeliveryMarksTheStoredMessage_onceAndOnlyWhereItIsHeld() {
    try (Intake intake = intake().build()) {
      intake.receive(ChannelId.IN_MEMORY, channel.delivery(message(1), message(2)));
      Instant deletedAt = clock.instant().minusSeconds(20);
      InboundDelivery deletions =
          channel.deletionDelivery(new Deletion(id(2), deletedAt), new Deletion(id(9), deletedAt));

      Intake.Receipt first = intake.receive(ChannelId.IN_MEMORY, deletions);
      Intake.Receipt again = intake.receive(ChannelId.IN_MEMORY, deletions);

      assertThat(first.deleted()).as("m9 was never heard").containsExactly(id(2));
      assertThat(first.results()).isEmpty();
      assertThat(again.deleted()).as("marked before").isEmpty();
      assertThat(stores.interactions().find(id(2)).orElseThrow().deletedAt()).isEqualTo(deletedAt);
      assertThat(stores.interactions().find(id(1)).orElseThrow().deletedAt()).isNull();
      assertThat(stores.cases().findByInteraction(id(2)).orElseThrow().audit())
          .extracting(io.scrm.core.model.AuditEntry::action).contains("MESSAGE_DELETED");
      assertThatThrownBy(() -> channel.deletionDelivery(new Deletion(InteractionId.of(ChannelId.TELEGRAM, "1:2"),
          deletedAt))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inmemory");
    }
  }

  @Test
  void aPolledDeletionIsRecordedBeforeTheCursorMoves_andOneThatCannotBeRecordedIsReadAgain() {
    inject(1, 3);
    try (Intake intake = intake().build()) {
      assertThat(intake.pollDue().created()).isEqualTo(2);
      String before = cursors.find(ChannelId.IN_MEMORY).orElseThrow();
      channel.injectDeletion(new Deletion(id(2), clock.instant()));
      unmarkable.add("m2");

      clock.advance(INTERVAL);
      PollStats failed = intake.pollDue();

      assertThat(failed.deleted()).isZero();
      assertThat(failed.notIngested()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).as("the cursor stays before the deletion").contains(before);
      assertThat(stores.interactions().find(id(2)).orElseThrow().deletedAt()).isNull();

      unmarkable.clear();
      clock.advance(Duration.ofMinutes(15));
      PollStats again = intake.pollDue();

      assertThat(again.deleted()).isEqualTo(1);
      assertThat(stores.interactions().find(id(2)).orElseThrow().deletedAt()).isNotNull();
      assertThat(cursors.find(ChannelId.IN_MEMORY)).isNotEqualTo(Optional.of(before));
    }
  }

  @Test
  void aPolledDeletionTheEngineRefuses_isAbandoned_andTheChannelGoesOn() {
    inject(1, 2);
    try (Intake intake = intake().build()) {
      intake.pollDue();
      channel.injectDeletion(new Deletion(id(1), clock.instant()));
      inject(2, 3);
      neverMarkable.add("m1");

      clock.advance(INTERVAL);
      PollStats round = intake.pollDue();

      assertThat(round.abandoned()).isEqualTo(1);
      assertThat(round.created()).as("the message after it is read").isEqualTo(1);
      assertThat(intake.abandoned()).containsExactly(id(1));
      assertThat(stored(2)).isTrue();
    }
  }

  @Test
  void aRefusedWebhookDeliveryStoresNothing() {
    try (Intake intake = intake().build()) {
      InboundDelivery malformed = InboundDelivery.of("{\"nicht\":\"json-array\"}".getBytes(StandardCharsets.UTF_8),
          Map.of(), clock.instant());

      assertThatThrownBy(() -> intake.receive(ChannelId.IN_MEMORY, malformed))
          .isInstanceOf(DeliveryRejectedException.class);
      assertThatThrownBy(() -> intake.receive(ChannelId.TELEGRAM, channel.delivery(message(1))))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("telegram");
      assertThat(stores.interactions().count()).isZero();
    }
  }

  @Test
  void aWebhookDeliveryThatCannotBeStoredWholeFailsAndItsRedeliveryStoresTheRestOnce() {
    try (Intake intake = intake().build()) {
      InboundDelivery delivery = channel.delivery(message(1), message(2), message(3));
      refuse("m2");

      assertThatThrownBy(() -> intake.receive(ChannelId.IN_MEMORY, delivery))
          .isInstanceOf(Unavailable.class).hasMessageContaining("unavailable");
      assertThat(stored(1)).isTrue();
      assertThat(stored(3)).isFalse();

      refused.clear();
      Intake.Receipt redelivered = intake.receive(ChannelId.IN_MEMORY, delivery);
      assertThat(redelivered.results()).extracting(IngestResult::outcome).containsExactly(
          IngestResult.Outcome.DUPLICATE, IngestResult.Outcome.CREATED, IngestResult.Outcome.CREATED);
    }
  }

  @Test
  void aPollRoundReadsPageAfterPageWhileMoreIsWaitingAndMovesTheCursorAfterEach() {
    inject(0, 5);
    List<String> moves = new ArrayList<>();
    PollCursorStore recording = proxy(PollCursorStore.class, cursors, (name, args, call) -> {
      if (name.equals("compareAndSet")) {
        moves.add((String) args[2]);
      }
      return call.get();
    });
    try (Intake intake = Intake.builder(crm, channels).cursors(recording).poll(ChannelId.IN_MEMORY, INTERVAL).build()) {
      PollStats round = intake.pollDue();

      assertThat(round.created()).isEqualTo(5);
      assertThat(round.polls()).as("pages of 2, 2 and 1; the last says nothing more is waiting").isEqualTo(3);
      assertThat(moves).containsExactly("2", "4", "5");
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(clock.instant().plus(INTERVAL));
    }
  }

  @Test
  void aPollThatRanIntoARateLimitOnAPart_isDone_andTheNextWaitsForThePlatform() {
    inject(0, 5);
    ChannelAdapter limited = DelegatingAdapter.polling(channel, cursor -> {
      // what was read comes with the platform's wait, though more is waiting
      PollResult read = channel.poll(cursor);
      return new PollResult(read.interactions(), read.skipped(), read.nextCursor(), read.more(), read.deletions(),
          Duration.ofMinutes(15));
    });
    try (Intake intake = Intake.builder(crm, Channels.of(limited)).cursors(cursors).poll(ChannelId.IN_MEMORY, INTERVAL)
        .build()) {
      PollStats round = intake.pollDue();

      assertThat(round.polls()).as("no page more after the platform asked for a wait").isEqualTo(1);
      assertThat(round.created()).isEqualTo(2);
      assertThat(round.failedPolls()).isZero();
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(clock.instant().plus(Duration.ofMinutes(15)));
      clock.advance(INTERVAL);
      assertThat(intake.pollDue()).as("the interval is shorter than the platform's wait").isEqualTo(PollStats.NONE);
    }
  }

  @Test
  void aRoundReadsAtMostItsPagesAndTheNextRoundGoesOn() {
    inject(0, 7);
    try (Intake intake = intake().maxPagesPerRound(2).build()) {
      assertThat(intake.pollDue().created()).isEqualTo(4);
      assertThat(intake.pollDue()).as("not due yet").isEqualTo(PollStats.NONE);

      clock.advance(INTERVAL);
      assertThat(intake.pollDue().created()).isEqualTo(3);
      assertThat(intake.stats().created()).isEqualTo(7);
    }
  }

  @Test
  void aFailedPollKeepsTheCursorAndWaitsLongerEachTimeUpToTheLimitOrTheRetryAfter() {
    inject(0, 2);
    try (Intake intake = intake().maxBackoff(Duration.ofMinutes(2)).build()) {
      channel.failNextPolls(4, null);

      Instant start = clock.instant();
      assertThat(intake.pollDue().failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(start.plus(INTERVAL));
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(start.plus(INTERVAL.multipliedBy(2)));
      intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(start.plus(Duration.ofMinutes(2)));
      intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).as("capped").contains(start.plus(Duration.ofMinutes(2)));
      assertThat(cursors.find(ChannelId.IN_MEMORY)).isEmpty();

      channel.failNextPolls(1, Duration.ofHours(1));
      intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).as("the platform's wait").contains(start.plus(Duration.ofHours(1)));

      PollStats recovered = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(recovered.created()).isEqualTo(2);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).as("back to the interval").contains(start.plus(INTERVAL));
    }
  }

  @Test
  void anIntervalLongerThanTheLongestBackoffIsKeptAfterAFailure() {
    channel.failNextPolls(1, null);
    try (Intake hourly = Intake.builder(crm, channels).cursors(cursors).poll(ChannelId.IN_MEMORY, Duration.ofHours(1))
        .maxBackoff(Duration.ofMinutes(15)).build()) {
      assertThat(hourly.pollDue().failedPolls()).isEqualTo(1);
      assertThat(hourly.nextPoll(ChannelId.IN_MEMORY)).contains(clock.instant().plus(Duration.ofHours(1)));
    }
  }

  @Test
  void aRetryAfterBeyondADayPutsTheChannelOffForADayAndTheOtherChannelsAreStillPolled() {
    InMemoryChannel other = InMemoryChannel.builder().channel(ChannelId.MASTODON).clock(clock).build();
    other.inject(other.privateMessage("t1", "toot-1", "kai@koeln.social", "Hallo"));
    try (Intake intake = Intake.builder(crm, Channels.of(channel, other)).cursors(cursors)
        .poll(ChannelId.IN_MEMORY, INTERVAL).poll(ChannelId.MASTODON, INTERVAL).build()) {
      channel.failNextPolls(1, Duration.ofSeconds(Long.MAX_VALUE / 4));

      PollStats round = intake.pollDue();

      assertThat(round.failedPolls()).isEqualTo(1);
      assertThat(round.created()).as("the other channel's message").isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(clock.instant().plus(Duration.ofDays(1)));
    }
  }

  @Test
  void anAdapterThatAnswersAPollWithNothingFailsTheRoundAndTheChannelBacksOff() {
    ChannelAdapter broken = DelegatingAdapter.polling(channel, cursor -> null);
    try (Intake intake = Intake.builder(crm, Channels.of(broken)).poll(ChannelId.IN_MEMORY, INTERVAL).build()) {
      assertThat(intake.pollDue().failedPolls()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.IN_MEMORY)).contains(clock.instant().plus(INTERVAL));
      assertThat(intake.pollDue()).as("put off, not polled at every round").isEqualTo(PollStats.NONE);
    }
  }

  @Test
  void anInteractionTheStoreRefusesForGoodIsAbandonedAfterItsRoundsAndTheChannelGoesOn() {
    inject(0, 4);
    unstorable.add("m1");
    try (Intake intake = intake().abandonAfter(3).build()) {
      for (int round = 1; round <= 2; round++) {
        PollStats held = intake.pollDue();
        assertThat(held.notIngested()).as("round %d", round).isEqualTo(1);
        assertThat(cursors.find(ChannelId.IN_MEMORY)).isEmpty();
        clock.advance(Duration.ofHours(1));
      }
      PollStats third = intake.pollDue();

      assertThat(third.abandoned()).isEqualTo(1);
      assertThat(intake.abandoned()).containsExactly(id(1));
      assertThat(stored(1)).isFalse();
      assertThat(stores.interactions().count()).isEqualTo(3);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).contains("4");
    }
  }

  @Test
  void onlyRoundsInARowThatRefuseTheValuesCountTowardsAbandoning() {
    inject(0, 2);
    refused.add("m0");
    try (Intake intake = intake().abandonAfter(3).build()) {
      for (int round = 0; round < 5; round++) {
        intake.pollNow(ChannelId.IN_MEMORY);
      }
      refused.clear();
      unstorable.add("m0");
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).abandoned()).as("first refusal of its values").isZero();
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).abandoned()).isZero();
      PollStats third = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(third.abandoned()).isEqualTo(1);
      assertThat(third.created()).isEqualTo(1);
    }
  }

  @Test
  void anAbandonedInteractionIsAbandonedOnceAlsoWhenTheRoundFailsAfterIt() {
    inject(0, 3);
    unstorable.add("m0");
    refused.add("m1");
    try (Intake intake = intake().abandonAfter(1).build()) {
      PollStats first = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(first.abandoned()).isEqualTo(1);
      assertThat(first.notIngested()).as("m1, while the store is down").isEqualTo(1);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).isEmpty();

      refused.clear();
      PollStats second = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(second.abandoned()).as("m0 is passed over, not abandoned again").isZero();
      assertThat(second.created()).isEqualTo(2);
      assertThat(intake.abandoned()).containsExactly(id(0));
      assertThat(intake.stats().abandoned()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).contains("3");
    }
  }

  @Test
  void anAbandonedInteractionIsNotAbandonedAgainWhenItsCursorCannotBeSaved() {
    inject(0, 2);
    unstorable.add("m0");
    boolean[] down = {true};
    PollCursorStore failing = proxy(PollCursorStore.class, cursors, (name, args, call) -> {
      if (name.equals("compareAndSet") && down[0]) {
        throw new IllegalStateException("cursor store unavailable");
      }
      return call.get();
    });
    try (Intake intake = Intake.builder(crm, channels).cursors(failing).poll(ChannelId.IN_MEMORY, INTERVAL)
        .abandonAfter(1).build()) {
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).abandoned()).isEqualTo(1);
      down[0] = false;
      PollStats again = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(again.abandoned()).isZero();
      assertThat(again.duplicates()).isEqualTo(1);
      assertThat(intake.abandoned()).containsExactly(id(0));
      assertThat(cursors.find(ChannelId.IN_MEMORY)).contains("2");
    }
  }

  @Test
  void aStoreThatIsDownHoldsTheChannelBackButAbandonsNothing() {
    inject(0, 2);
    refused.add("m1");
    try (Intake intake = intake().abandonAfter(1).build()) {
      for (int round = 0; round < 5; round++) {
        assertThat(intake.pollNow(ChannelId.IN_MEMORY).notIngested()).isEqualTo(1);
      }
      refused.clear();
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).created()).isEqualTo(1);
      assertThat(intake.abandoned()).isEmpty();
      assertThat(stores.interactions().count()).isEqualTo(2);
    }
  }

  @Test
  void anInteractionThatCannotBeStoredStopsTheRoundWithoutMovingTheCursor() {
    inject(0, 4);
    try (Intake intake = intake().build()) {
      refuse("m3");

      PollStats failed = intake.pollDue();
      assertThat(failed.created()).isEqualTo(3);
      assertThat(failed.notIngested()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).as("past the first page only").contains("2");

      refused.clear();
      clock.advance(INTERVAL);
      PollStats next = intake.pollDue();
      assertThat(next.duplicates()).as("m2, read again").isEqualTo(1);
      assertThat(next.created()).isEqualTo(1);
      assertThat(cursors.find(ChannelId.IN_MEMORY)).contains("4");
      assertThat(stores.interactions().count()).isEqualTo(4);
    }
  }

  @Test
  void aCursorThatCannotBeSavedIsReadAgainAndNothingIsStoredTwice() {
    inject(0, 2);
    boolean[] down = {true};
    PollCursorStore failing = proxy(PollCursorStore.class, cursors, (name, args, call) -> {
      if (name.equals("compareAndSet") && down[0]) {
        throw new IllegalStateException("cursor store unavailable");
      }
      return call.get();
    });
    try (Intake intake = Intake.builder(crm, channels).cursors(failing).poll(ChannelId.IN_MEMORY, INTERVAL).build()) {
      PollStats failed = intake.pollDue();
      assertThat(failed.created()).isEqualTo(2);
      assertThat(failed.failedPolls()).isEqualTo(1);

      down[0] = false;
      clock.advance(INTERVAL);
      PollStats next = intake.pollDue();
      assertThat(next.duplicates()).isEqualTo(2);
      assertThat(next.created()).isZero();
      assertThat(cursors.find(ChannelId.IN_MEMORY)).contains("2");
    }
  }

  @Test
  void aRestartedIntakeGoesOnFromTheStoredCursor() {
    inject(0, 3);
    try (Intake first = intake().build()) {
      first.pollDue();
    }
    inject(3, 5);
    long pollsBefore = channel.polls();
    try (Intake restarted = intake().build()) {
      PollStats round = restarted.pollDue();
      assertThat(round.created()).isEqualTo(2);
      assertThat(round.duplicates()).isZero();
      assertThat(channel.polls() - pollsBefore).as("one page from the stored cursor").isEqualTo(1);
    }
  }

  @Test
  void aChannelWhoseAdapterIsNotPolledIsReportedAndLeftAlone() {
    InMemoryChannel other = InMemoryChannel.builder().channel(ChannelId.EMAIL).build();
    ChannelAdapter webhookOnly = DelegatingAdapter.sending(other, other::send);
    try (Intake intake = Intake.builder(crm, Channels.of(channel, webhookOnly))
        .poll(ChannelId.EMAIL, INTERVAL).poll(ChannelId.IN_MEMORY, INTERVAL).build()) {
      inject(0, 1);
      PollStats round = intake.pollDue();
      assertThat(round.failedPolls()).isEqualTo(1);
      assertThat(round.created()).isEqualTo(1);
      assertThat(intake.nextPoll(ChannelId.EMAIL)).isEmpty();
      assertThatThrownBy(() -> intake.pollNow(ChannelId.EMAIL))
          .isInstanceOf(IllegalStateException.class).hasMessageContaining("does not support polling");
    }
  }

  @Test
  void theBuilderRefusesChannelsWithoutAnAdapterAndSettingsOutOfRange() {
    assertThatThrownBy(() -> Intake.builder(crm, channels).poll(ChannelId.MASTODON, INTERVAL).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mastodon");
    assertThatThrownBy(() -> Intake.builder(crm, channels).poll(ChannelId.IN_MEMORY, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
    assertThatThrownBy(() -> Intake.builder(crm, channels).maxBackoff(Duration.ofDays(2)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> Intake.builder(crm, channels).maxPagesPerRound(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxPagesPerRound");
    assertThatThrownBy(() -> Intake.builder(crm, channels).abandonAfter(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("abandonAfter");
    try (Intake none = Intake.builder(crm, channels).build()) {
      assertThatThrownBy(none::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("no channel");
      assertThatThrownBy(() -> none.pollNow(ChannelId.IN_MEMORY)).isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void aClosedIntakeRefusesWork() {
    Intake intake = intake().build();
    intake.close();
    assertThatThrownBy(intake::pollDue).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    assertThatThrownBy(() -> intake.receive(ChannelId.IN_MEMORY, channel.delivery(message(1))))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(intake::start).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void startedItPollsOnItsOwnThreadUntilClosed() throws InterruptedException {
    SocialCrm live = SocialCrm.builder().stores(Stores.inMemory()).build();
    InMemoryChannel liveChannel = InMemoryChannel.create();
    Intake intake = Intake.builder(live, Channels.of(liveChannel)).poll(ChannelId.IN_MEMORY, Duration.ofMillis(5))
        .build().start();
    try {
      liveChannel.inject(liveChannel.privateMessage("a1", "chat-a", "kunde-a", "Hallo"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (live.stores().interactions().count() < 1 && System.nanoTime() < deadline) {
        Thread.sleep(5);
      }
      assertThat(live.stores().interactions().count()).isEqualTo(1);
      assertThatThrownBy(intake::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
    } finally {
      intake.close();
    }
    long polls = liveChannel.polls();
    liveChannel.inject(liveChannel.privateMessage("a2", "chat-a", "kunde-a", "Noch da?"));
    Thread.sleep(100);
    assertThat(liveChannel.polls()).as("no poll after close").isEqualTo(polls);
    assertThat(live.stores().interactions().count()).isEqualTo(1);
  }

  private void refuse(String externalId) {
    refused.add(externalId);
  }

  @Test
  void aRefusedDeletionIsAbandonedOnceAlsoWhenTheRoundFailsAfterIt() {
    inject(1, 3);
    try (Intake intake = intake().build()) {
      intake.pollNow(ChannelId.IN_MEMORY);
      channel.injectDeletion(new Deletion(id(1), clock.instant()), new Deletion(id(2), clock.instant()));
      neverMarkable.add("m1");
      unmarkable.add("m2");

      PollStats first = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(first.abandoned()).isEqualTo(1);
      assertThat(first.notIngested()).as("the deletion of m2, while the store is down").isEqualTo(1);

      unmarkable.clear();
      PollStats second = intake.pollNow(ChannelId.IN_MEMORY);
      assertThat(second.deleted()).isEqualTo(1);
      assertThat(second.abandoned()).as("the deletion of m1 is passed over, not abandoned again").isZero();
      assertThat(intake.abandoned()).containsExactly(id(1));
      assertThat(intake.stats().abandoned()).isEqualTo(1);
    }
  }

  @Test
  void aMessageInjectedAfterTheStubIsResetIsReadByTheNextPoll() {
    inject(1, 2);
    try (Intake intake = intake().build()) {
      assertThat(intake.pollNow(ChannelId.IN_MEMORY).created()).isEqualTo(1);

      channel.reset();
      inject(2, 4);
      PollStats afterReset = intake.pollNow(ChannelId.IN_MEMORY);

      assertThat(afterReset.failedPolls()).isZero();
      assertThat(afterReset.created()).isEqualTo(2);
      assertThat(stored(2)).as("the first message after the reset").isTrue();
      assertThat(stored(3)).isTrue();
    }
  }
}
