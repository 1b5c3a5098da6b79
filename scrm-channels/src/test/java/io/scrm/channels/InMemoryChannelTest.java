package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class InMemoryChannelTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
  private final InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();

  private OutboundMessage message(String key) {
    return OutboundMessage.pending(OutboundId.of(key), null, ContactId.random(), ChannelId.IN_MEMORY, "chat-1",
        null, Visibility.PRIVATE, "Hallo", "service-reply", clock.instant());
  }

  @Test
  void serviceLoader_memory_createsAnInMemoryChannel() {
    ChannelAdapter adapter = Channels.create("memory", ChannelConfig.of(Map.of("channel", "demo")));
    assertThat(adapter).isInstanceOf(InMemoryChannel.class);
    assertThat(adapter.channel()).isEqualTo(ChannelId.of("demo"));
    assertThat(Channels.provider("memory")).isPresent();
  }

  @Test
  void delivery_publicPrivateThreadsAndEdits_roundTripThroughParse() {
    Interaction dm = channel.privateMessage("m1", "chat-1", "anna", "Hallo");
    Interaction post = channel.publicPost("p1", "p1", "ben", "@firma Störung?", InteractionKind.MENTION);
    Interaction comment = channel.publicPost("c1", "p1", "carla", "Bei mir auch", InteractionKind.COMMENT);
    Interaction edit = channel.edit(dm, "Hallo, Router defekt");

    ParsedDelivery parsed = channel.parse(channel.delivery(dm, post, comment, edit));

    assertThat(parsed.interactions()).containsExactly(dm, post, comment, edit);
    assertThat(parsed.interactions().get(1).visibility()).isEqualTo(Visibility.PUBLIC);
    assertThat(parsed.interactions().get(3).edited()).isTrue();
  }

  @Test
  void parse_malformedBody_rejectedWithoutQuotingIt() {
    assertThatThrownBy(() -> channel.parse(InboundDelivery.ofText("[{\"secret text\"", clock.instant())))
        .isInstanceOf(DeliveryRejectedException.class)
        .hasMessageNotContaining("secret text")
        .extracting(e -> ((DeliveryRejectedException) e).reason())
        .isEqualTo(DeliveryRejectedException.Reason.MALFORMED);
  }

  @Test
  void parse_deletionDelivery_readsTheDeletions_andOneOfAnotherChannelIsRejected() {
    io.scrm.core.model.InteractionId m1 = io.scrm.core.model.InteractionId.of(ChannelId.IN_MEMORY, "m1");
    Deletion deletion = new Deletion(m1, clock.instant());

    ParsedDelivery parsed = channel.parse(channel.deletionDelivery(deletion));

    assertThat(parsed.deletions()).containsExactly(deletion);
    assertThat(parsed.interactions()).isEmpty();
    assertThatThrownBy(() -> channel.parse(InboundDelivery.ofText(
        "{\"deletions\":[{\"interaction\":\"telegram:1:2\",\"at\":\"2026-03-14T10:00:00Z\"}]}", clock.instant())))
        .isInstanceOf(DeliveryRejectedException.class).hasMessageContaining("another channel");
    Deletion foreign = new Deletion(io.scrm.core.model.InteractionId.of(ChannelId.TELEGRAM, "1:2"), clock.instant());
    assertThatThrownBy(() -> channel.injectDeletion(deletion, foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telegram:1:2");
    assertThatThrownBy(() -> channel.deletionDelivery(foreign)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("telegram:1:2");
  }

  @Test
  void poll_scriptedFailuresComeFirstThenPagesUntilNothingMoreIsWaiting() {
    InMemoryChannel paged = InMemoryChannel.builder().clock(clock).pollPageSize(2).build();
    for (int n = 0; n < 3; n++) {
      paged.inject(paged.privateMessage("m" + n, "chat", "kunde", "Nachricht " + n));
    }
    paged.failNextPolls(1, Duration.ofSeconds(45));
    paged.failNextPolls(1, null);

    assertThatThrownBy(() -> paged.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(45)));
    assertThatThrownBy(() -> paged.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
        e -> assertThat(e.retryAfter()).isNull());
    PollResult first = paged.poll(null);
    PollResult second = paged.poll(first.nextCursor());

    assertThat(first.interactions()).extracting(Interaction::externalId).containsExactly("m0", "m1");
    assertThat(first.more()).isTrue();
    assertThat(second.interactions()).extracting(Interaction::externalId).containsExactly("m2");
    assertThat(second.more()).isFalse();
    assertThat(paged.polls()).isEqualTo(4);
    assertThatThrownBy(() -> paged.failNextPolls(0, null)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> InMemoryChannel.builder().pollPageSize(0)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void poll_injectedMessages_returnedOnceInArrivalOrder() {
    Interaction a = channel.privateMessage("m1", "chat-1", "anna", "eins");
    Interaction b = channel.privateMessage("m2", "chat-1", "anna", "zwei");
    channel.inject(a);
    PollResult first = channel.poll(null);
    channel.inject(b);
    PollResult second = channel.poll(first.nextCursor());

    assertThat(first.interactions()).containsExactly(a);
    assertThat(second.interactions()).containsExactly(b);
    assertThat(channel.poll(second.nextCursor()).interactions()).isEmpty();
    assertThatThrownBy(() -> channel.poll("nonsense")).isInstanceOf(PollFailedException.class);
  }

  @Test
  void send_scriptedFaults_consumedInOrderThenAccepted() {
    channel.failNext(1, InMemoryChannel.Fault.serverError());
    channel.script(List.of(InMemoryChannel.Fault.rateLimited(Duration.ofSeconds(3)),
        InMemoryChannel.Fault.connectionReset(), InMemoryChannel.Fault.permanent("blocked")));
    OutboundMessage m = message("k1");

    assertThat(channel.send(m)).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(channel.send(m)).isEqualTo(SendResult.retryable("HTTP 429 rate limited", Duration.ofSeconds(3)));
    assertThat(channel.send(m)).isInstanceOf(SendResult.RetryableFailure.class);
    assertThat(channel.send(m)).isEqualTo(SendResult.permanent("blocked"));
    assertThat(channel.send(m)).isInstanceOf(SendResult.Sent.class);
    assertThat(channel.sent()).hasSize(1);
    assertThat(channel.sendAttempts()).isEqualTo(5);
  }

  @Test
  void send_sameIdempotencyKeyTwice_deliveredOnceSameProviderId() {
    SendResult first = channel.send(message("k1"));
    SendResult second = channel.send(message("k1"));

    assertThat(second).isEqualTo(first);
    assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void send_lostResponse_deliveredButReportedUnknown_retryNotDeliveredAgain() {
    channel.failNext(1, InMemoryChannel.Fault.lostResponse());
    assertThat(channel.send(message("k1"))).isInstanceOf(SendResult.OutcomeUnknown.class);
    assertThat(channel.send(message("k1"))).isInstanceOf(SendResult.Sent.class);
    assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void send_withoutIdempotencyKeys_sameKeyTwice_deliveredTwice() {
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    InMemoryChannel plain = InMemoryChannel.builder().capabilities(new ChannelCapabilities(true, true, true, null,
        100, false, false, base.rateLimit(), false)).build();
    plain.send(message("k1"));
    plain.send(message("k1"));
    assertThat(plain.sent()).hasSize(2);
  }

  @Test
  void close_thenSendParsePoll_throwChannelClosed() {
    InboundDelivery delivery = channel.delivery(channel.privateMessage("m1", "chat-1", "anna", "Hallo"));
    channel.close();
    assertThat(channel.isClosed()).isTrue();
    assertThatThrownBy(() -> channel.send(message("k1"))).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> channel.parse(delivery)).isInstanceOf(ChannelClosedException.class);
    assertThatThrownBy(() -> channel.poll(null)).isInstanceOf(ChannelClosedException.class);
  }

  @Test
  void send_concurrentThreads_everyKeyDeliveredOnce() throws Exception {
    int threads = 4;
    int perThread = 500;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          channel.send(message("k" + i)); // every thread sends the same keys
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> f : futures) {
      f.get(10, TimeUnit.SECONDS);
    }
    pool.shutdown();

    assertThat(channel.sent()).hasSize(perThread);
    assertThat(channel.sendAttempts()).isEqualTo((long) threads * perThread);
  }

  @Test
  void inject_otherChannelOrOutbound_refused() {
    Interaction foreign = Interaction.inbound(ChannelId.TELEGRAM, "1").thread("t").author("a", null).text("x")
        .occurredAt(clock.instant()).build();
    assertThatThrownBy(() -> channel.inject(foreign)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> channel.delivery(foreign)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aScriptWithANullFaultScriptsNothing() {
    assertThatThrownBy(() -> channel.script(java.util.Arrays.asList(InMemoryChannel.Fault.serverError(), null)))
        .isInstanceOf(NullPointerException.class);

    assertThat(channel.scriptedFaults()).isZero();
    assertThat(channel.send(message("k1"))).isInstanceOf(SendResult.Sent.class);
  }

  @Test
  void sendAttemptsCountsASendTheChannelRefuses() {
    InMemoryChannel strict = InMemoryChannel.builder().clock(clock)
        .refusal(m -> m.text().contains("verboten") ? "the platform refuses this text" : null).build();
    OutboundMessage refused = OutboundMessage.pending(OutboundId.next(), null, ContactId.of("c1"), ChannelId.IN_MEMORY,
        "chat-1", null, Visibility.PRIVATE, "verboten", "service-reply", clock.instant());

    assertThat(strict.send(refused)).isInstanceOf(SendResult.PermanentFailure.class);
    assertThat(strict.sendAttempts()).isEqualTo(1);
    assertThat(strict.sent()).isEmpty();
  }

  @Test
  void send_whatTheDeclaredCapabilitiesRuleOut_failsForGoodAndIsNotDelivered() {
    // a reply-only channel with private messages only and 20 characters, as a host's test declares it
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    InMemoryChannel narrow = InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, false,
        false, null, 20, false, false, base.rateLimit(), true)).build();
    OutboundMessage fits = OutboundMessage.pending(OutboundId.next(), null, ContactId.of("c1"), ChannelId.IN_MEMORY,
        "chat-1", null, Visibility.PRIVATE, "x".repeat(20), "service-reply", clock.instant());

    assertThat(narrow.send(withThread(fits, null, Visibility.PRIVATE, fits.text()))).isEqualTo(
        SendResult.permanent("the channel cannot start a conversation, only reply"));
    assertThat(narrow.send(withThread(fits, "chat-1", Visibility.PUBLIC, fits.text()))).isEqualTo(
        SendResult.permanent("the channel has no public replies"));
    assertThat(narrow.send(withThread(fits, "chat-1", Visibility.PRIVATE, "x".repeat(21)))).isEqualTo(
        SendResult.permanent("text of 21 characters exceeds the limit of 20 and cannot be split"));
    assertThat(narrow.sent()).isEmpty();
    assertThat(narrow.send(fits)).isInstanceOf(SendResult.Sent.class);
    assertThat(narrow.sent()).hasSize(1);
  }

  private static OutboundMessage withThread(OutboundMessage m, String threadId, Visibility visibility, String text) {
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), threadId, m.inReplyTo(), visibility,
        text, m.attachments(), m.purpose(), m.idempotencyKey(), m.status(), m.attempts(), m.providerId(),
        m.lastError(), m.createdAt(), m.nextAttemptAt(), m.version());
  }
}
