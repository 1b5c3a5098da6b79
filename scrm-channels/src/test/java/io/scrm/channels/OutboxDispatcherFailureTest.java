package io.scrm.channels;

import static io.scrm.channels.Proxies.proxy;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentPolicy;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.Stores;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What the dispatcher does when something other than the platform's answer goes wrong: adapters that
 * throw, a consent policy or a store that fails, leases that run out, a dispatcher closed mid-round.
 * In every case a message ends sent once, in the dead-letter list with its reason, or still pending.
 */
final class OutboxDispatcherFailureTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final AtomicBoolean failInteractionCreate = new AtomicBoolean();
  private final Stores stores = failingOnce(Stores.inMemory());
  private final OutboxDispatcherConfig config = OutboxDispatcherConfig.builder()
      .initialBackoff(Duration.ofSeconds(1)).randomizationFactor(0.5).maxAttempts(4).build();

  /** The stores, with an interaction store whose next create fails while the flag is set. */
  private Stores failingOnce(Stores real) {
    InteractionStore interactions = proxy(InteractionStore.class, real.interactions(), (name, args, call) -> {
      if (name.equals("create") && failInteractionCreate.getAndSet(false)) {
        throw new IllegalStateException("interaction store briefly unavailable");
      }
      return call.get();
    });
    return proxy(Stores.class, real, (name, args, call) -> name.equals("interactions") ? interactions : call.get());
  }

  private InMemoryChannel channel(boolean idempotencyKeys) {
    ChannelCapabilities d = InMemoryChannel.defaultCapabilities();
    return InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true, true, null,
        d.maxTextLength(), false, true, d.rateLimit(), idempotencyKeys)).build();
  }

  private SocialCrm crm(Channels channels, ConsentPolicy policy) {
    return SocialCrm.builder().clock(clock).stores(stores).sendCheck(channels.sendCheck(clock))
        .consentPolicy(policy).build();
  }

  private SocialCrm crm(Channels channels) {
    return crm(channels, q -> ConsentDecision.allow("test", "Art. 6(1)(b)"));
  }

  private static CaseId openCase(SocialCrm crm, InMemoryChannel channel, String n) {
    Interaction in = channel.privateMessage("in-" + n, "chat-" + n, "kunde-" + n, "Frage " + n);
    return crm.ingest(channel.parse(channel.delivery(in)).interactions().get(0)).caseId();
  }

  private static OutboundId reply(SocialCrm crm, CaseId caseId) {
    return crm.reply(caseId, Actor.agent("anna"), "Ihr Paket ist unterwegs.").outboundId().orElseThrow();
  }

  private OutboundMessage stored(OutboundId id) {
    return stores.outbox().find(id).orElseThrow();
  }

  /** An adapter over the in-memory channel whose send is {@code after} applied to the channel's. */
  private static ChannelAdapter around(InMemoryChannel channel, UnaryOperator<SendResult> after) {
    return DelegatingAdapter.sending(channel, message -> after.apply(channel.send(message)));
  }

  private static UnaryOperator<SendResult> throwingOnce(RuntimeException failure) {
    AtomicInteger calls = new AtomicInteger();
    return result -> {
      if (calls.getAndIncrement() == 0) {
        throw failure;
      }
      return result;
    };
  }

  /**
   * An adapter that throws after the platform took the message: the outcome is unknown, so the
   * message is sent again only under its idempotency key, else dead-lettered; never delivered twice.
   */
  @ParameterizedTest(name = "idempotency keys: {0}")
  @ValueSource(booleans = {true, false})
  void adapterThrowsAfterTheSend_sendsAgainOnlyUnderAnIdempotencyKey(boolean keys) {
    InMemoryChannel channel = channel(keys);
    ChannelAdapter adapter = around(channel, throwingOnce(new UncheckedIOException(new IOException("body"))));
    Channels channels = Channels.of(adapter);
    SocialCrm crm = crm(channels);
    OutboundId id = reply(crm, openCase(crm, channel, "1"));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    dispatcher.drain();
    clock.advance(Duration.ofMinutes(5));
    dispatcher.drain();

    assertThat(channel.sent()).hasSize(1);
    assertThat(channel.sendAttempts()).isEqualTo(keys ? 2 : 1);
    OutboundMessage stored = stored(id);
    assertThat(stored.status()).isEqualTo(keys ? OutboxStatus.SENT : OutboxStatus.DEAD);
    assertThat(stored.attempts()).isEqualTo(keys ? 2 : 1);
    if (!keys) {
      assertThat(stored.lastError()).startsWith("outcome unknown: adapter failed: UncheckedIOException");
    }
  }

  @Test
  void retryAfterBeyondTheLimit_deadLettersWithTheWaitInTheReason() {
    InMemoryChannel channel = channel(true);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    OutboundId id = reply(crm, openCase(crm, channel, "1"));
    channel.failNext(1, InMemoryChannel.Fault.rateLimited(Duration.ofSeconds(Long.MAX_VALUE)));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    for (int round = 0; round < 5; round++) {
      dispatcher.drain();
      clock.advance(config.lease().plusSeconds(1));
    }

    assertThat(channel.sendAttempts()).isEqualTo(1);
    OutboundMessage dead = stored(id);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError()).startsWith("the platform asked to wait PT2562047788015215H30M7S before a retry, "
        + "longer than the dispatcher's limit of PT24H");
    assertThat(dead.attempts()).isEqualTo(1);
    assertThat(dispatcher.stats().errors()).isZero();
  }

  @Test
  void retryAfterWithinTheLimit_isHonoured() {
    InMemoryChannel channel = channel(true);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    OutboundId id = reply(crm, openCase(crm, channel, "1"));
    channel.failNext(1, InMemoryChannel.Fault.rateLimited(Duration.ofHours(23)));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    dispatcher.drain();
    assertThat(stored(id).nextAttemptAt()).isEqualTo(clock.instant().plus(Duration.ofHours(23)));
    clock.advance(Duration.ofHours(23));
    dispatcher.drain();

    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
  }

  /** A consent policy that allows, and throws while {@code down} is set (a ledger out of reach). */
  private static ConsentPolicy ledger(AtomicBoolean down) {
    return q -> {
      if (down.get()) {
        throw new IllegalStateException("consent ledger connection reset");
      }
      return ConsentDecision.allow("test", "Art. 6(1)(b)");
    };
  }

  @Test
  void consentPolicyFailingAtDispatch_isRetried_andWhenItKeepsFailingEndsReDrivableInTheDeadLetterList() {
    InMemoryChannel channel = channel(true);
    Channels channels = Channels.of(channel);
    AtomicBoolean ledgerDown = new AtomicBoolean();
    SocialCrm crm = crm(channels, ledger(ledgerDown));
    OutboundId id = reply(crm, openCase(crm, channel, "1"));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    ledgerDown.set(true);
    DispatchStats failed = dispatcher.drain();
    assertThat(failed.retried()).isEqualTo(1);
    assertThat(failed.cancelled()).isZero();
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(stored(id).lastError()).isEqualTo("consent check failed (IllegalStateException)");
    for (int round = 1; round < config.maxAttempts(); round++) {
      clock.advance(Duration.ofMinutes(10));
      dispatcher.drain();
    }
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(stored(id).lastError()).isEqualTo("retries exhausted after 4 attempts: consent check failed "
        + "(IllegalStateException)");
    assertThat(channel.sendAttempts()).isZero();
    ledgerDown.set(false);
    crm.outbox().redrive(id);
    dispatcher.drain();

    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(channel.sent()).hasSize(1);
  }

  @ParameterizedTest(name = "idempotency keys: {0}")
  @ValueSource(booleans = {true, false})
  void caseRecordFailingOnceAfterTheSend_isTriedAgainAndTheMessageIsSentOnce(boolean keys) {
    InMemoryChannel channel = channel(keys);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    CaseId caseId = openCase(crm, channel, "1");
    OutboundId id = reply(crm, caseId);
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    failInteractionCreate.set(true);
    DispatchStats round = dispatcher.drain();

    assertThat(round.sent()).isEqualTo(1);
    assertThat(round.errors()).isZero();
    assertThat(channel.sent()).hasSize(1);
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(stored(id).providerId()).isEqualTo(channel.sent().get(0).providerId());
    assertThat(crm.interactionsOf(caseId)).filteredOn(i -> i.direction() == Direction.OUTBOUND).hasSize(1);
  }

  @Test
  void sendThatOutlivesItsLease_recordsThePlatformsAnswerOverTheOtherDispatchersVerdict() throws Exception {
    InMemoryChannel channel = channel(false);
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ChannelAdapter blocking = DelegatingAdapter.sending(channel, message -> {
      inSend.countDown();
      try {
        assertThat(release.await(10, TimeUnit.SECONDS)).isTrue();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return channel.send(message);
    });
    SocialCrm crmA = crm(Channels.of(blocking));
    CaseId caseId = openCase(crmA, channel, "1");
    OutboundId id = reply(crmA, caseId);
    OutboxDispatcher a = OutboxDispatcher.builder(crmA, Channels.of(blocking)).config(config).build();
    OutboxDispatcher b = OutboxDispatcher.builder(crm(Channels.of(channel)), Channels.of(channel)).config(config)
        .build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<DispatchStats> roundOfA = pool.submit(a::dispatchOnce);
      assertThat(inSend.await(10, TimeUnit.SECONDS)).isTrue();
      clock.advance(config.lease().plusSeconds(1));
      DispatchStats roundOfB = b.drain();
      assertThat(roundOfB.deadLettered()).isEqualTo(1);
      release.countDown();
      assertThat(roundOfA.get(10, TimeUnit.SECONDS).sent()).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }

    assertThat(channel.sent()).hasSize(1);
    OutboundMessage sent = stored(id);
    assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(sent.providerId()).isEqualTo(channel.sent().get(0).providerId());
    assertThat(crmA.interactionsOf(caseId)).filteredOn(i -> i.direction() == Direction.OUTBOUND).hasSize(1);
  }

  @Test
  void messagesWhoseLeaseRanOutDuringTheRound_areLeftForTheNextClaim() {
    InMemoryChannel channel = channel(true);
    ChannelAdapter slow = around(channel, result -> {
      clock.advance(config.lease().plusSeconds(1)); // each send takes longer than the whole lease
      return result;
    });
    Channels channels = Channels.of(slow);
    SocialCrm crm = crm(channels);
    OutboundId first = reply(crm, openCase(crm, channel, "1"));
    clock.advance(Duration.ofSeconds(1)); // claimed oldest first
    OutboundId second = reply(crm, openCase(crm, channel, "2"));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    DispatchStats round = dispatcher.dispatchOnce();

    assertThat(round.sent()).isEqualTo(1);
    assertThat(round.lostLeases()).isEqualTo(1);
    assertThat(channel.sent()).hasSize(1);
    assertThat(stored(first).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(stored(second).status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(stored(second).attempts()).isZero();
    DispatchStats next = dispatcher.dispatchOnce();
    assertThat(stored(second).status()).as("%s %s", next, stored(second)).isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void anErrorInABackgroundRound_doesNotStopTheNextRounds() throws Exception {
    InMemoryChannel channel = channel(true);
    AtomicInteger calls = new AtomicInteger();
    ChannelAdapter failingOnce = around(channel, result -> {
      if (calls.getAndIncrement() == 0) {
        throw new ExceptionInInitializerError("client class failed to initialise");
      }
      return result;
    });
    Channels channels = Channels.of(failingOnce);
    SocialCrm crm = crm(channels);
    OutboxDispatcherConfig fast = config.toBuilder().pollInterval(Duration.ofMillis(10)).build();
    try (OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(fast).build()) {
      reply(crm, openCase(crm, channel, "1"));
      dispatcher.start();
      awaitTrue(() -> calls.get() > 0);
      OutboundId second = reply(crm, openCase(crm, channel, "2"));

      awaitTrue(() -> stored(second).status() == OutboxStatus.SENT);
    }
  }

  @Test
  void anErrorEndingARound_leavesWhatTheRoundDidInTheStats() {
    InMemoryChannel channel = channel(true);
    AtomicInteger calls = new AtomicInteger();
    ChannelAdapter secondSendFails = DelegatingAdapter.sending(channel, m -> {
      if (calls.getAndIncrement() == 1) {
        throw new ExceptionInInitializerError("client class failed to initialise");
      }
      return channel.send(m);
    });
    Channels channels = Channels.of(secondSendFails);
    SocialCrm crm = crm(channels);
    reply(crm, openCase(crm, channel, "1"));
    clock.advance(Duration.ofSeconds(1));
    reply(crm, openCase(crm, channel, "2"));
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    assertThatThrownBy(dispatcher::dispatchOnce).isInstanceOf(ExceptionInInitializerError.class);

    assertThat(channel.sent()).hasSize(1);
    assertThat(dispatcher.stats().claimed()).isEqualTo(2);
    assertThat(dispatcher.stats().sent()).isEqualTo(1);
  }

  @Test
  void anErrorWhileTheBreakerIsHalfOpen_givesItsTrialBack_soTheChannelSendsAgain() {
    InMemoryChannel channel = channel(true);
    AtomicInteger errorsToThrow = new AtomicInteger();
    ChannelAdapter adapter = DelegatingAdapter.sending(channel, m -> {
      if (errorsToThrow.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
        throw new StackOverflowError("response nested too deep");
      }
      return channel.send(m);
    });
    Channels channels = Channels.of(adapter);
    SocialCrm crm = crm(channels);
    for (int i = 0; i < 30; i++) {
      reply(crm, openCase(crm, channel, "c" + i));
    }
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config.toBuilder().batchSize(1)
        .slidingWindowSize(10).minimumNumberOfCalls(10).waitInOpenState(Duration.ofSeconds(30)).maxAttempts(100)
        .build()).build();
    channel.failNext(10, InMemoryChannel.Fault.serverError());
    dispatcher.drain();
    assertThat(dispatcher.breakerState(ChannelId.IN_MEMORY)).contains("OPEN");

    clock.advance(Duration.ofSeconds(31));
    errorsToThrow.set(1);
    assertThatThrownBy(dispatcher::dispatchOnce).isInstanceOf(StackOverflowError.class);
    for (int i = 0; i < 20; i++) {
      clock.advance(Duration.ofMinutes(10));
      dispatcher.drain();
    }

    assertThat(stores.outbox().findByStatus(OutboxStatus.SENT)).as("breaker %s",
        dispatcher.breakerState(ChannelId.IN_MEMORY)).hasSize(30);
  }

  @Test
  void aMessageHeldBackByAnOpenBreaker_isDueOnlyOnceTheBreakerLetsCallsThrough() {
    InMemoryChannel channel = channel(true);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    for (int i = 0; i < 3; i++) {
      reply(crm, openCase(crm, channel, "c" + i));
    }
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config.toBuilder()
        .slidingWindowSize(2).minimumNumberOfCalls(2).waitInOpenState(Duration.ofSeconds(30)).build()).build();
    channel.failNext(2, InMemoryChannel.Fault.serverError());
    DispatchStats opened = dispatcher.dispatchOnce();
    assertThat(opened.retried()).isEqualTo(2);
    assertThat(opened.postponed()).isEqualTo(1);
    OutboundMessage held = stores.outbox().findByStatus(OutboxStatus.PENDING).stream()
        .filter(m -> m.attempts() == 0).findFirst().orElseThrow();

    clock.advance(Duration.between(clock.instant(), held.nextAttemptAt()));
    DispatchStats due = dispatcher.dispatchOnce();

    assertThat(due.postponed()).as("held back again at the instant it was due").isZero();
    assertThat(stored(held.id()).status()).isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void aPlatformIdThatAlreadyNamesAnotherMessage_neverLinksThatMessageToTheCase() {
    // a restarted process on the same stores: its in-memory channel counts its ids from 1 again
    InMemoryChannel before = channel(true);
    SocialCrm crm1 = crm(Channels.of(before));
    CaseId first = openCase(crm1, before, "1");
    crm1.reply(first, Actor.agent("anna"), "Antwort an Kunde 1");
    OutboxDispatcher.builder(crm1, Channels.of(before)).config(config).build().drain();
    InMemoryChannel after = channel(true);
    SocialCrm crm2 = crm(Channels.of(after));
    CaseId second = openCase(crm2, after, "2");
    OutboundId answer = crm2.reply(second, Actor.agent("anna"), "Antwort an Kunde 2").outboundId().orElseThrow();

    OutboxDispatcher.builder(crm2, Channels.of(after)).config(config).build().drain();

    assertThat(after.sent()).singleElement().satisfies(sent ->
        assertThat(sent.providerId()).isEqualTo(before.sent().get(0).providerId()));
    assertThat(stored(answer).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(crm2.interactionsOf(second)).filteredOn(i -> i.direction() == Direction.OUTBOUND)
        .as("case 1's reply is not case 2's").isEmpty();
    assertThat(crm2.findCase(second).orElseThrow().audit()).filteredOn(e -> e.action().equals("REPLY_SENT"))
        .singleElement().satisfies(e -> assertThat(e.commandId()).isEqualTo(answer.value()));
    assertThat(crm2.interactionsOf(first)).filteredOn(i -> i.direction() == Direction.OUTBOUND)
        .extracting(Interaction::text).containsExactly("Antwort an Kunde 1");
  }

  @Test
  void closingTheDispatcher_stopsItsRoundAfterTheMessageInFlight() throws Exception {
    InMemoryChannel channel = channel(true);
    CountDownLatch firstSend = new CountDownLatch(1);
    ChannelAdapter slow = around(channel, result -> {
      firstSend.countDown();
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
      boolean interrupted = false;
      while (System.nanoTime() < until) { // a blocking call that does not react to interrupts
        try {
          Thread.sleep(10);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
      return result;
    });
    Channels channels = Channels.of(slow);
    SocialCrm crm = crm(channels);
    for (int i = 0; i < 5; i++) {
      reply(crm, openCase(crm, channel, Integer.toString(i)));
    }
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels)
        .config(config.toBuilder().pollInterval(Duration.ofMillis(10)).lease(Duration.ofMillis(100)).build())
        .build();

    dispatcher.start();
    assertThat(firstSend.await(10, TimeUnit.SECONDS)).isTrue();
    dispatcher.close();
    long atClose = channel.sendAttempts();
    Thread.sleep(1_000);

    assertThat(channel.sendAttempts()).isLessThanOrEqualTo(Math.max(atClose, 1L));
    assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).hasSizeGreaterThanOrEqualTo(4);
  }

  @ParameterizedTest(name = "idempotency keys: {0}")
  @ValueSource(booleans = {true, false})
  void aClosedAdapter_holdsMessagesBackWithoutSpendingAttempts(boolean keys) {
    InMemoryChannel channel = channel(keys);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    OutboundId id = reply(crm, openCase(crm, channel, "1"));
    channel.close();
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();

    for (int round = 0; round < config.maxAttempts() + 2; round++) {
      assertThat(dispatcher.drain().postponed()).isEqualTo(1);
      clock.advance(Duration.ofMinutes(10));
    }

    OutboundMessage held = stored(id);
    assertThat(held.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(held.attempts()).isZero();
    assertThat(held.lastError()).isNull();
    assertThat(dispatcher.breakerState(channel.channel())).contains("CLOSED");
  }

  @Test
  void deadLetters_countTheAttemptThatEndedThem() {
    InMemoryChannel channel = channel(true);
    Channels channels = Channels.of(channel);
    SocialCrm crm = crm(channels);
    OutboundId exhausted = reply(crm, openCase(crm, channel, "1"));
    channel.failNext(config.maxAttempts(), InMemoryChannel.Fault.serverError());
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();
    for (int round = 0; round < config.maxAttempts(); round++) {
      dispatcher.drain();
      clock.advance(Duration.ofMinutes(10));
    }
    OutboundId refused = reply(crm, openCase(crm, channel, "2"));
    channel.failNext(1, InMemoryChannel.Fault.permanent("chat not found"));
    dispatcher.drain();

    assertThat(channel.sendAttempts()).isEqualTo(config.maxAttempts() + 1);
    assertThat(stored(exhausted).lastError()).startsWith("retries exhausted after 4 attempts");
    assertThat(stored(exhausted).attempts()).isEqualTo(4);
    assertThat(stored(refused).status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(stored(refused).attempts()).isEqualTo(1);
  }

  private interface Check {
    boolean holds() throws Exception;
  }

  private static void awaitTrue(Check check) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!check.holds()) {
      assertThat(System.nanoTime()).as("condition not met within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
  }
}
