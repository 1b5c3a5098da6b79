package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.event.OutboundSent;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class OutboxDispatcherTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final AtomicBoolean consentGiven = new AtomicBoolean(true);
  private final Stores stores = Stores.inMemory();
  private InMemoryChannel channel = InMemoryChannel.builder().clock(clock).build();
  private Channels channels = Channels.of(channel);
  private SocialCrm crm = crm();
  private final OutboxDispatcherConfig config = OutboxDispatcherConfig.builder()
      .initialBackoff(Duration.ofSeconds(1)).randomizationFactor(0.5).maxAttempts(4).build();

  private SocialCrm crm() {
    return SocialCrm.builder().clock(clock).stores(stores).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> consentGiven.get() ? ConsentDecision.allow("test", "Art. 6(1)(b)")
            : ConsentDecision.deny("withdrawn"))
        .build();
  }

  private void useChannel(InMemoryChannel replacement) {
    channel = replacement;
    channels = Channels.of(channel);
    crm = crm();
  }

  private OutboxDispatcher dispatcher() {
    return OutboxDispatcher.builder(crm, channels).config(config).build();
  }

  private CaseId openCase(String n) {
    Interaction in = channel.privateMessage("in-" + n, "chat-" + n, "kunde-" + n, "Frage " + n);
    IngestResult result = crm.ingest(channel.parse(channel.delivery(in)).interactions().get(0));
    return result.caseId();
  }

  private OutboundId queueReply(String n) {
    return crm.reply(openCase(n), Actor.agent("agent-1"), "Antwort " + n).outboundId().orElseThrow();
  }

  private OutboundMessage stored(OutboundId id) {
    return stores.outbox().find(id).orElseThrow();
  }

  @Test
  void drain_queuedReply_sentOnceAndRecordedAsOutboundInteractionOnTheCase() {
    CaseId caseId = openCase("1");
    OutboundId id = crm.reply(caseId, Actor.agent("agent-1"), "Wir kümmern uns.").outboundId().orElseThrow();

    DispatchStats stats = dispatcher().drain();

    assertThat(stats.sent()).isEqualTo(1);
    assertThat(channel.sent()).singleElement().satisfies(s -> {
      assertThat(s.message().id()).isEqualTo(id);
      assertThat(s.message().idempotencyKey()).isEqualTo(id.value());
    });
    OutboundMessage sent = stored(id);
    assertThat(sent.status()).isEqualTo(OutboxStatus.SENT);
    assertThat(sent.providerId()).isEqualTo(channel.sent().get(0).providerId());
    List<Interaction> onCase = crm.interactionsOf(caseId);
    assertThat(onCase).hasSize(2);
    assertThat(onCase.get(1).direction()).isEqualTo(Direction.OUTBOUND);
    assertThat(onCase.get(1).externalId()).isEqualTo(sent.providerId());
    assertThat(dispatcher().drain().claimed()).isZero();
  }

  @Test
  void dispatch_consentWithdrawnAfterQueueing_cancelledNotSent() {
    OutboundId id = queueReply("1");
    consentGiven.set(false);

    DispatchStats stats = dispatcher().drain();

    assertThat(stats.cancelled()).isEqualTo(1);
    assertThat(channel.sendAttempts()).isZero();
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.CANCELLED);
    assertThat(stored(id).lastError()).isEqualTo("withdrawn");
  }

  @Test
  void dispatch_permanentFailure_deadLetteredWithReason_redriveSendsIt() {
    OutboundId id = queueReply("1");
    channel.failNext(1, InMemoryChannel.Fault.permanent("recipient blocked the page"));
    OutboxDispatcher dispatcher = dispatcher();

    dispatcher.drain();

    assertThat(crm.outbox().deadLetters()).singleElement().satisfies(m -> {
      assertThat(m.id()).isEqualTo(id);
      assertThat(m.lastError()).contains("permanent").contains("recipient blocked the page");
    });
    crm.outbox().redrive(id);
    dispatcher.drain();
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(crm.outbox().deadLetters()).isEmpty();
    assertThat(channel.sent()).hasSize(1);
  }

  @Test
  void dispatch_serverError_retryStoredWithJitteredBackoff_notSentBeforeItIsDue() {
    OutboundId id = queueReply("1");
    channel.failNext(1, InMemoryChannel.Fault.serverError());
    Instant failedAt = clock.instant();
    OutboxDispatcher dispatcher = dispatcher();

    DispatchStats first = dispatcher.drain();

    OutboundMessage retry = stored(id);
    assertThat(first.retried()).isEqualTo(1);
    assertThat(retry.status()).isEqualTo(OutboxStatus.PENDING);
    assertThat(retry.attempts()).isEqualTo(1);
    assertThat(retry.lastError()).isEqualTo("HTTP 500 from platform");
    assertThat(retry.nextAttemptAt()).isBetween(failedAt.plusMillis(500), failedAt.plusMillis(1500));
    assertThat(dispatcher.drain().claimed()).isZero();

    clock.advance(Duration.ofMillis(1500));
    dispatcher.drain();
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(stored(id).attempts()).isEqualTo(2);
  }

  @Test
  void dispatch_rateLimitedWithRetryAfter_nextAttemptExactlyWhenThePlatformSaid() {
    OutboundId id = queueReply("1");
    channel.failNext(1, InMemoryChannel.Fault.rateLimited(Duration.ofSeconds(42)));
    Instant at = clock.instant();

    dispatcher().drain();

    assertThat(stored(id).nextAttemptAt()).isEqualTo(at.plusSeconds(42));
  }

  @Test
  void dispatch_retryableFailuresUntilMaxAttempts_deadLetteredAsExhausted() {
    OutboundId id = queueReply("1");
    channel.failNext(4, InMemoryChannel.Fault.timeout());
    OutboxDispatcher dispatcher = dispatcher();

    for (int i = 0; i < 4; i++) {
      dispatcher.drain();
      clock.advance(Duration.ofMinutes(10));
    }

    OutboundMessage dead = stored(id);
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError()).isEqualTo("retries exhausted after 4 attempts: timed out");
    assertThat(channel.sent()).isEmpty();
  }

  @Test
  void dispatch_noAdapterForTheChannel_deadLettered() {
    OutboundId id = queueReply("1");
    OutboxDispatcher other = OutboxDispatcher.builder(crm,
        Channels.of(InMemoryChannel.builder().channel(ChannelId.of("other")).build())).build();

    other.drain();

    assertThat(stored(id).status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(stored(id).lastError()).contains("no adapter");
  }

  @Test
  void dispatch_failuresAboveThreshold_breakerOpensAndHoldsSendsBackUntilItsWaitIsOver() {
    for (int i = 0; i < 30; i++) {
      queueReply(Integer.toString(i));
    }
    channel.failNext(10, InMemoryChannel.Fault.serverError());
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config.toBuilder()
        .slidingWindowSize(10).minimumNumberOfCalls(10).waitInOpenState(Duration.ofSeconds(30)).build()).build();

    DispatchStats first = dispatcher.drain();

    assertThat(first.retried()).isEqualTo(10);
    assertThat(first.postponed()).isEqualTo(20);
    assertThat(channel.sendAttempts()).isEqualTo(10);
    assertThat(dispatcher.breakerState(ChannelId.IN_MEMORY)).contains("OPEN");

    clock.advance(Duration.ofSeconds(31));
    dispatcher.drain();
    clock.advance(Duration.ofSeconds(31));
    dispatcher.drain();

    assertThat(dispatcher.breakerState(ChannelId.IN_MEMORY)).contains("CLOSED");
    assertThat(stores.outbox().findByStatus(OutboxStatus.SENT)).hasSize(30);
  }

  @Test
  void dispatch_declaredRateLimit_sendsOnlyThatManyPerPeriod() {
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    useChannel(InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true, true, null,
        base.maxTextLength(), false, true, new ChannelCapabilities.RateLimit(5, Duration.ofHours(1)), true)).build());
    for (int i = 0; i < 12; i++) {
      queueReply(Integer.toString(i));
    }

    DispatchStats stats = dispatcher().drain();

    assertThat(stats.sent()).isEqualTo(5);
    assertThat(stats.postponed()).isEqualTo(7);
    assertThat(channel.sent()).hasSize(5);
    assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).hasSize(7)
        .allSatisfy(m -> assertThat(m.attempts()).isZero());
  }

  @Test
  void crashAfterSendBeforeRecord_idempotentChannel_restartedDispatcherCompletesWithoutSecondDelivery() {
    OutboundId id = queueReply("1");
    ChannelAdapter crashing = new CrashingAfterSend(channel);
    OutboxDispatcher first = OutboxDispatcher.builder(crm, Channels.of(crashing)).config(config).build();

    assertThatThrownBy(first::drain).isInstanceOf(ProcessDied.class);
    assertThat(channel.sent()).hasSize(1);
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.PENDING);

    clock.advance(config.lease().plusSeconds(1));
    SocialCrm restarted = crm();
    OutboxDispatcher.builder(restarted, channels).config(config).build().drain();

    assertThat(stored(id).status()).isEqualTo(OutboxStatus.SENT);
    assertThat(channel.sent()).hasSize(1);
    assertThat(stored(id).providerId()).isEqualTo(channel.sent().get(0).providerId());
  }

  @Test
  void crashAfterSendBeforeRecord_channelWithoutIdempotencyKeys_deadLetteredAsUnknownNeverSentTwice() {
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    useChannel(InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true, true, null,
        base.maxTextLength(), false, true, base.rateLimit(), false)).build());
    OutboundId id = queueReply("1");
    OutboxDispatcher first = OutboxDispatcher.builder(crm, Channels.of(new CrashingAfterSend(channel)))
        .config(config).build();

    assertThatThrownBy(first::drain).isInstanceOf(ProcessDied.class);
    clock.advance(config.lease().plusSeconds(1));
    OutboxDispatcher.builder(crm(), channels).config(config).build().drain();

    assertThat(channel.sent()).hasSize(1);
    assertThat(stored(id).status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(stored(id).lastError()).startsWith("outcome unknown");
  }

  @Test
  void start_backgroundThreadSendsQueuedMessages_closeStopsIt() throws Exception {
    CountDownLatch sent = new CountDownLatch(3);
    crm.events().subscribe(OutboundSent.class, e -> sent.countDown());
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels)
        .config(config.toBuilder().pollInterval(Duration.ofMillis(10)).build()).build();
    try (dispatcher) {
      dispatcher.start();
      assertThatThrownBy(dispatcher::start).isInstanceOf(IllegalStateException.class);
      for (int i = 0; i < 3; i++) {
        queueReply(Integer.toString(i));
      }
      assertThat(sent.await(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(channel.sent()).hasSize(3);
    assertThatThrownBy(dispatcher::dispatchOnce).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void config_invalidValues_rejectedNamingTheField() {
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().batchSize(0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().lease(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().randomizationFactor(1.0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("randomizationFactor");
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().initialBackoff(Duration.ofMinutes(20)).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxBackoff");
    assertThatThrownBy(() -> OutboxDispatcherConfig.builder().minimumNumberOfCalls(50).build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minimumNumberOfCalls");
  }

  /** Stands for the death of the process: not an exception any layer handles. */
  static final class ProcessDied extends Error {
    private static final long serialVersionUID = 1L;

    ProcessDied() {
      super("process died", null, false, false);
    }
  }

  /** Delivers through the real channel, then "dies" before the result reaches the dispatcher. */
  static final class CrashingAfterSend extends DelegatingAdapter {
    CrashingAfterSend(InMemoryChannel delegate) {
      super(delegate);
    }

    @Override
    public SendResult send(OutboundMessage message) {
      channel.send(message);
      throw new ProcessDied();
    }
  }


  @Test
  void drain_aMessageWithFiles_isSentUnderALeaseRenewedWhenItsSendBegins_notTheBatchsOldOne() {
    CaseId first = openCase("1");
    CaseId second = openCase("2");
    crm.reply(first, Actor.agent("agent-1"), "Antwort 1");
    Attachment label = new Attachment("document", "https://dateien.example.de/retourenschein.pdf", "application/pdf", null);
    OutboundId withFile = crm.reply(second, Actor.agent("agent-1"), "Ihr Retourenschein", List.of(label))
        .outboundId().orElseThrow();
    List<Instant> leaseEndAtSend = new java.util.ArrayList<>();
    // the first send takes 50 s of the batch's 60 s lease; the second fetches its file before it sends
    ChannelAdapter slow = Proxies.proxy(ChannelAdapter.class, channel, (method, args, call) -> {
      if (method.equals("send")) {
        OutboundMessage m = (OutboundMessage) args[0];
        if (m.attachments().isEmpty()) {
          clock.advance(Duration.ofSeconds(50));
        } else {
          leaseEndAtSend.add(stored(m.id()).nextAttemptAt());
        }
      }
      return call.get();
    });
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, Channels.of(slow)).config(config).build();

    DispatchStats stats = dispatcher.drain();

    assertThat(stats.sent()).isEqualTo(2);
    assertThat(leaseEndAtSend).containsExactly(clock.instant().plus(config.lease()));
    assertThat(stored(withFile).status()).isEqualTo(OutboxStatus.SENT);
  }

  @Test
  void closeFromAListenerOnTheDispatchersThreadReturnsAtOnce() throws Exception {
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();
    CountDownLatch closed = new CountDownLatch(1);
    // listeners run on the dispatcher's thread: a host may stop sending from one
    crm.events().subscribe(OutboundSent.class, e -> {
      dispatcher.close();
      closed.countDown();
    });
    queueReply("1");

    dispatcher.start();

    assertThat(closed.await(10, TimeUnit.SECONDS)).as("close() does not wait for the round it is called from")
        .isTrue();
    assertThatThrownBy(dispatcher::dispatchOnce).isInstanceOf(IllegalStateException.class);
    assertThat(channel.sent()).hasSize(1);
  }
}
