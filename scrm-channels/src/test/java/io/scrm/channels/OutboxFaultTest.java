package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.Direction;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.store.Stores;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Thousands of messages through a platform that fails with 500s, 429s with retry-after, timeouts,
 * connection resets, lost responses and permanent refusals, while the dispatcher's process dies now
 * and then between "stored" and "sent" and is restarted on the same store.
 */
final class OutboxFaultTest {
  private static final int MESSAGES = 2_000;

  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-02T09:00:00Z"));
  private final Stores stores = Stores.inMemory();

  private SocialCrm crm(Channels channels) {
    return SocialCrm.builder().clock(clock).stores(stores).sendCheck(channels.sendCheck(clock))
        .consentPolicy(q -> ConsentDecision.allow("contract", "Art. 6(1)(b)")).dedupCacheSize(16).build();
  }

  @ParameterizedTest(name = "idempotency keys: {0}")
  @ValueSource(booleans = {true, false})
  void faultyPlatformAndCrashes_everyMessageSentExactlyOnceOrDeadLetteredWithReason(boolean idempotencyKeys) {
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true,
        true, null, base.maxTextLength(), false, true, ChannelCapabilities.RateLimit.perSecond(1_000_000),
        idempotencyKeys)).build();
    Random random = new Random(idempotencyKeys ? 4711 : 815);
    FaultyPlatform platform = new FaultyPlatform(channel, random, idempotencyKeys);
    Channels channels = Channels.of(platform);
    OutboxDispatcherConfig config = OutboxDispatcherConfig.builder().maxAttempts(4).batchSize(200)
        .lease(Duration.ofSeconds(60)).build();

    SocialCrm crm = crm(channels);
    Map<OutboundId, CaseId> queued = new HashMap<>();
    for (int i = 0; i < MESSAGES; i++) {
      Interaction in = channel.privateMessage("in-" + i, "chat-" + i, "kunde-" + (i % 500), "Frage " + i);
      CaseId caseId = crm.ingest(channel.parse(channel.delivery(in)).interactions().get(0)).caseId();
      queued.put(crm.reply(caseId, Actor.agent("a"), "Antwort " + i).outboundId().orElseThrow(), caseId);
    }

    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();
    int crashes = 0;
    for (int round = 0; round < 5_000 && !stores.outbox().findByStatus(OutboxStatus.PENDING).isEmpty(); round++) {
      try {
        dispatcher.drain();
      } catch (OutboxDispatcherTest.ProcessDied died) {
        crashes++;
        crm = crm(channels); // a new process on the same store
        dispatcher = OutboxDispatcher.builder(crm, channels).config(config).build();
      }
      clock.advance(Duration.ofSeconds(15));
    }

    List<OutboundMessage> all = new ArrayList<>();
    for (OutboundId id : queued.keySet()) {
      all.add(stores.outbox().find(id).orElseThrow());
    }
    Map<OutboxStatus, List<OutboundMessage>> byStatus = all.stream()
        .collect(Collectors.groupingBy(OutboundMessage::status));
    List<OutboundMessage> sent = byStatus.getOrDefault(OutboxStatus.SENT, List.of());
    List<OutboundMessage> dead = byStatus.getOrDefault(OutboxStatus.DEAD, List.of());

    // 0 lost: every message ended as sent or dead-lettered, nothing pending or cancelled
    assertThat(sent.size() + dead.size()).isEqualTo(MESSAGES);
    assertThat(dead).allSatisfy(m -> assertThat(m.lastError()).isNotBlank());
    assertThat(crm.outbox().deadLetters()).hasSameSizeAs(dead);
    // 0 sent twice: the platform delivered each idempotency key at most once
    Map<String, Long> deliveries = channel.sent().stream()
        .collect(Collectors.groupingBy(s -> s.message().idempotencyKey(), Collectors.counting()));
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
    // sent exactly once: every SENT message was delivered, under the provider id that was recorded
    Map<String, String> providerIdByKey = channel.sent().stream()
        .collect(Collectors.toMap(s -> s.message().idempotencyKey(), InMemoryChannel.Sent::providerId));
    assertThat(sent).allSatisfy(m -> assertThat(providerIdByKey.get(m.idempotencyKey())).isEqualTo(m.providerId()));
    // without idempotency keys, a dead letter was delivered only where the dispatcher could not know
    // (its process died mid-send); with keys, a lost response can precede a later refusal, and the
    // re-drive below completes those messages without a second delivery
    Set<String> deadKeys = dead.stream().map(OutboundMessage::idempotencyKey).collect(Collectors.toSet());
    for (OutboundMessage m : dead) {
      if (!idempotencyKeys && deliveries.containsKey(m.idempotencyKey())) {
        assertThat(m.lastError()).startsWith("outcome unknown");
      }
    }
    assertThat(deliveries.keySet()).hasSize(sent.size() + (int) dead.stream()
        .filter(m -> deliveries.containsKey(m.idempotencyKey())).count());
    assertThat(deadKeys).hasSize(dead.size());
    // sent messages are outbound interactions on their cases
    for (OutboundMessage m : sent.subList(0, Math.min(200, sent.size()))) {
      assertThat(crm.interactionsOf(queued.get(m.id())))
          .anySatisfy(i -> {
            assertThat(i.direction()).isEqualTo(Direction.OUTBOUND);
            assertThat(i.externalId()).isEqualTo(m.providerId());
          });
    }
    // the run really exercised every fault
    assertThat(crashes).isGreaterThan(3);
    assertThat(platform.injected.keySet()).contains("500", "429", "timeout", "reset", "permanent", "crash-before",
        "crash-after");
    assertThat(dead).anySatisfy(m -> assertThat(m.lastError()).startsWith("retries exhausted"));
    assertThat(dead).anySatisfy(m -> assertThat(m.lastError()).startsWith("permanent failure"));
    if (idempotencyKeys) {
      assertThat(platform.injected).containsKey("lost-response");
      // with idempotency keys a re-drive is always safe: the platform does not deliver twice
      for (OutboundMessage m : dead) {
        crm.outbox().redrive(m.id());
      }
      OutboxDispatcher.builder(crm, Channels.of(channel)).config(config).build().drain();
      assertThat(stores.outbox().findByStatus(OutboxStatus.SENT)).hasSize(MESSAGES);
      assertThat(channel.sent()).hasSize(MESSAGES);
    } else {
      assertThat(dead).anySatisfy(m -> assertThat(m.lastError()).startsWith("outcome unknown"));
    }
  }

  @org.junit.jupiter.api.Test
  void twoDispatchersInParallelOnOneStore_faultyPlatform_noMessageSentTwiceNoneLost() throws Exception {
    ChannelCapabilities base = InMemoryChannel.defaultCapabilities();
    // without idempotency keys, so that a message sent by both dispatchers would show twice
    InMemoryChannel channel = InMemoryChannel.builder().clock(clock).capabilities(new ChannelCapabilities(true, true,
        true, null, base.maxTextLength(), false, true, ChannelCapabilities.RateLimit.perSecond(1_000_000), false))
        .build();
    FaultyPlatform platform = new FaultyPlatform(channel, new Random(99), false, false);
    Channels channels = Channels.of(platform);
    OutboxDispatcherConfig config = OutboxDispatcherConfig.builder().maxAttempts(6).batchSize(25).build();
    SocialCrm crm = crm(channels);
    int messages = 1_000;
    for (int i = 0; i < messages; i++) {
      Interaction in = channel.privateMessage("in-" + i, "chat-" + i, "kunde-" + i, "Frage " + i);
      crm.reply(crm.ingest(in).caseId(), Actor.agent("a"), "Antwort " + i);
    }
    OutboxDispatcher first = OutboxDispatcher.builder(crm, channels).config(config).build();
    OutboxDispatcher second = OutboxDispatcher.builder(crm(channels), channels).config(config).build();

    for (int round = 0; round < 200 && !stores.outbox().findByStatus(OutboxStatus.PENDING).isEmpty(); round++) {
      java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
      java.util.concurrent.Future<DispatchStats> a = pool.submit(() -> {
        start.await();
        return first.drain();
      });
      java.util.concurrent.Future<DispatchStats> b = pool.submit(() -> {
        start.await();
        return second.drain();
      });
      start.countDown();
      a.get(30, java.util.concurrent.TimeUnit.SECONDS);
      b.get(30, java.util.concurrent.TimeUnit.SECONDS);
      pool.shutdown();
      clock.advance(Duration.ofSeconds(40));
    }

    Map<String, Long> deliveries = channel.sent().stream()
        .collect(Collectors.groupingBy(s -> s.message().idempotencyKey(), Collectors.counting()));
    assertThat(deliveries.values()).allSatisfy(n -> assertThat(n).isEqualTo(1L));
    List<OutboundMessage> sent = stores.outbox().findByStatus(OutboxStatus.SENT);
    List<OutboundMessage> dead = stores.outbox().findByStatus(OutboxStatus.DEAD);
    assertThat(sent.size() + dead.size()).isEqualTo(messages);
    assertThat(deliveries).hasSize(sent.size());
    assertThat(first.stats().sent()).isPositive();
    assertThat(second.stats().sent()).isPositive();
    assertThat(first.stats().sent() + second.stats().sent()).isEqualTo(sent.size());
  }

  /** The in-memory channel with a random fault before each send, and now and then a dying process. */
  private static final class FaultyPlatform extends DelegatingAdapter {
    private final Random random;
    private final boolean idempotencyKeys;
    private final boolean crashes;
    final Map<String, Integer> injected = new HashMap<>();

    FaultyPlatform(InMemoryChannel channel, Random random, boolean idempotencyKeys) {
      this(channel, random, idempotencyKeys, true);
    }

    FaultyPlatform(InMemoryChannel channel, Random random, boolean idempotencyKeys, boolean crashes) {
      super(channel);
      this.random = random;
      this.idempotencyKeys = idempotencyKeys;
      this.crashes = crashes;
    }

    @Override
    public synchronized SendResult send(OutboundMessage message) {
      int roll = crashes ? random.nextInt(1000) : 8 + random.nextInt(992);
      if (roll < 4) {
        count("crash-before");
        throw new OutboxDispatcherTest.ProcessDied();
      }
      if (roll < 8) {
        count("crash-after");
        channel.send(message);
        throw new OutboxDispatcherTest.ProcessDied();
      }
      if (roll < 108) {
        count("500");
        channel.failNext(1, InMemoryChannel.Fault.serverError());
      } else if (roll < 158) {
        count("429");
        channel.failNext(1, InMemoryChannel.Fault.rateLimited(Duration.ofSeconds(1 + random.nextInt(30))));
      } else if (roll < 208) {
        count("timeout");
        channel.failNext(1, InMemoryChannel.Fault.timeout());
      } else if (roll < 258) {
        count("reset");
        channel.failNext(1, InMemoryChannel.Fault.connectionReset());
      } else if (roll < 268) {
        count("permanent");
        channel.failNext(1, InMemoryChannel.Fault.permanent("recipient unknown"));
      } else if (roll < 298 && idempotencyKeys) {
        // without idempotency keys a lost response is ambiguous by nature; only keys make it safe
        count("lost-response");
        channel.failNext(1, InMemoryChannel.Fault.lostResponse());
      }
      return channel.send(message);
    }

    private void count(String fault) {
      injected.merge(fault, 1, Integer::sum);
    }
  }
}
