package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * The in-memory outbox keeps its pending messages in a queue of their own; what it returns must be
 * what a scan of every stored message returns.
 */
final class InMemoryOutboxTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final Comparator<OutboundMessage> OLDEST_FIRST =
      Comparator.comparing(OutboundMessage::createdAt).thenComparing(OutboundMessage::id);

  /** A message in a conversation of its own. */
  private static OutboundMessage message(int n, Instant createdAt) {
    return message(n, createdAt, "t" + n);
  }

  private static OutboundMessage message(int n, Instant createdAt, @Nullable String thread) {
    return OutboundMessage.pending(OutboundId.of("o" + n), null, ContactId.of("c" + n % 3), ChannelId.EMAIL, thread,
        null, Visibility.PRIVATE, "Hallo", "service-reply", createdAt);
  }

  /** Of the pending messages, oldest first, the first of each conversation that is due at {@code now}. */
  private static List<OutboundMessage> due(Collection<OutboundMessage> all, Instant now) {
    Set<String> older = new HashSet<>();
    return all.stream().filter(m -> m.status() == OutboxStatus.PENDING).sorted(OLDEST_FIRST)
        .filter(m -> older.add(m.conversation()) && !m.nextAttemptAt().isAfter(now)).toList();
  }

  private static OutboundMessage createdAt(OutboundMessage m, Instant at) {
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), m.threadId(), m.inReplyTo(),
        m.visibility(), m.text(), List.of(), m.purpose(), m.idempotencyKey(), m.status(), m.attempts(), m.providerId(),
        m.lastError(), at, m.nextAttemptAt(), m.version());
  }

  /** The message to another recipient, or with another idempotency key. */
  private static OutboundMessage to(OutboundMessage m, ContactId recipient, String key) {
    return new OutboundMessage(m.id(), m.caseId(), recipient, m.channel(), m.threadId(), m.inReplyTo(),
        m.visibility(), m.text(), List.of(), m.purpose(), key, m.status(), m.attempts(), m.providerId(),
        m.lastError(), m.createdAt(), m.nextAttemptAt(), m.version());
  }

  /** The message moved to another conversation (a thread, or none: its recipient's). */
  private static OutboundMessage inThread(OutboundMessage m, @Nullable String thread) {
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), thread, m.inReplyTo(),
        m.visibility(), m.text(), List.of(), m.purpose(), m.idempotencyKey(), m.status(), m.attempts(), m.providerId(),
        m.lastError(), m.createdAt(), m.nextAttemptAt(), m.version());
  }

  /** Seconds after {@link #T0}; few values, so that messages share creation and due times. */
  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds % 8);
  }

  @Test
  void anySequenceOfWrites_dueAndStatusReadsMatchAScanOfEveryMessage() {
    qt().withExamples(400)
        .forAll(lists().of(integers().between(0, 12)).ofSizeBetween(1, 60),
            lists().of(integers().between(0, 1_000)).ofSize(60))
        .checkAssert((ops, args) -> {
          OutboxStore outbox = Stores.inMemory().outbox();
          Map<OutboundId, OutboundMessage> model = new LinkedHashMap<>();
          int next = 0;
          for (int i = 0; i < ops.size(); i++) {
            int arg = args.get(i);
            List<OutboundMessage> stored = new ArrayList<>(model.values());
            OutboundMessage target = stored.isEmpty() ? null : stored.get(arg % stored.size());
            OutboundMessage written;
            switch (target == null ? 0 : ops.get(i)) {
              // a few conversations, some of them without a thread (the channel and recipient)
              case 0, 1 -> written = outbox.create(message(next, at(arg), next++ % 4 == 0 ? null : "t" + arg % 3));
              case 2 -> written = outbox.update(target.retryLater("HTTP 503", at(arg / 8)));
              case 3 -> written = outbox.update(target.retryAt(at(arg / 8)));
              case 4 -> written = outbox.update(target.sent("p-" + arg));
              case 5 -> written = outbox.update(target.ended(OutboxStatus.DEAD, "HTTP 400"));
              case 6 -> written = outbox.update(target.redriven(at(arg / 8)));
              case 7 -> written = outbox.update(createdAt(target, at(arg / 8)));
              case 8 -> written = outbox.update(target.ended(OutboxStatus.CANCELLED, "no consent"));
              case 10 -> written = outbox.update(inThread(target, arg % 4 == 0 ? null : "t" + arg % 3));
              case 11 -> written = outbox.update(to(target, ContactId.of("c" + arg % 4), target.idempotencyKey()));
              case 12 -> {
                // a few keys, so that some are held by another message: that write is refused whole
                String key = "k" + arg % 5;
                boolean held = model.values().stream()
                    .anyMatch(m -> m.idempotencyKey().equals(key) && !m.id().equals(target.id()));
                if (held) {
                  assertThatThrownBy(() -> outbox.update(to(target, target.recipient(), key)))
                      .isInstanceOf(DuplicateKeyException.class);
                  continue;
                }
                written = outbox.update(to(target, target.recipient(), key));
              }
              default -> {
                assertThat(outbox.delete(target.id())).isTrue();
                model.remove(target.id());
                continue;
              }
            }
            model.put(written.id(), written);
          }
          for (OutboxStatus status : OutboxStatus.values()) {
            assertThat(outbox.findByStatus(status))
                .containsExactlyElementsOf(model.values().stream()
                    .filter(m -> m.status() == status).sorted(OLDEST_FIRST).toList());
          }
          for (int seconds = -1; seconds <= 8; seconds++) {
            Instant now = T0.plusSeconds(seconds);
            List<OutboundMessage> due = due(model.values(), now);
            for (int limit : new int[] {1, 2, 5, 100}) {
              assertThat(outbox.findDue(now, limit))
                  .containsExactlyElementsOf(due.subList(0, Math.min(limit, due.size())));
            }
          }
          for (int c = 0; c < 4; c++) {
            ContactId recipient = ContactId.of("c" + c);
            assertThat(outbox.findByRecipient(recipient)).containsExactlyElementsOf(model.values().stream()
                .filter(m -> m.recipient().equals(recipient)).sorted(OLDEST_FIRST).toList());
          }
          for (int n = 0; n < next; n++) {
            assertThat(outbox.find(OutboundId.of("o" + n))).isEqualTo(
                java.util.Optional.ofNullable(model.get(OutboundId.of("o" + n))));
          }
          assertThat(outbox.count()).isEqualTo(model.size());
        });
  }

  @Test
  void claimsPassOverMessagesInBackoff_andReturnTheDueOnesOldestFirst() {
    OutboxStore outbox = Stores.inMemory().outbox();
    List<OutboundMessage> all = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      all.add(outbox.create(message(i, T0.plusMillis(i))));
    }
    // the oldest 900 wait for a retry an hour away
    for (OutboundMessage m : all.subList(0, 900)) {
      outbox.update(m.retryLater("HTTP 429", T0.plusSeconds(3_600)));
    }
    Instant now = T0.plusSeconds(60);
    List<OutboundMessage> claimed = outbox.claimDue(now, now.plusSeconds(30), 50);

    assertThat(claimed).extracting(OutboundMessage::id)
        .containsExactlyElementsOf(all.subList(900, 950).stream().map(OutboundMessage::id).toList());
    assertThat(outbox.findDue(now, 1_000)).hasSize(50).first()
        .extracting(OutboundMessage::id).isEqualTo(all.get(950).id());
  }

  @Test
  void aMessageThatStaysPending_isNeverMissingFromAConcurrentRead() throws Exception {
    OutboxStore outbox = Stores.inMemory().outbox();
    int messages = 32;
    for (int i = 0; i < messages; i++) {
      outbox.create(message(i, T0.plusMillis(i)));
    }
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Integer> reads = pool.submit(() -> {
      int n = 0;
      while (writing.get()) {
        assertThat(outbox.findByStatus(OutboxStatus.PENDING)).hasSize(messages);
        assertThat(outbox.findDue(T0.plusSeconds(3_600), messages)).hasSize(messages);
        n++;
      }
      return n;
    });
    try {
      for (int round = 0; round < 400; round++) {
        for (OutboundMessage m : outbox.findByStatus(OutboxStatus.PENDING)) {
          // every other round also moves the message in the queue (a new creation time)
          OutboundMessage next = m.retryAt(T0.plusSeconds(round % 60));
          outbox.update(round % 2 == 0 ? next : createdAt(next, m.createdAt().plusNanos(round % 7 == 0 ? -1 : 1)));
        }
      }
    } finally {
      writing.set(false);
    }
    assertThat(reads.get(60, TimeUnit.SECONDS)).isPositive();
    pool.shutdown();
  }

  @Test
  void threadsWithTheSameHash_areTwoConversations() {
    // "Aa" and "BB" have one hash: the queue must still tell the conversations apart
    OutboxStore outbox = new InMemoryOutbox(0);
    OutboundMessage aa = outbox.create(message(1, T0, "Aa"));
    OutboundMessage bb = outbox.create(message(2, T0.plusSeconds(1), "BB"));
    OutboundMessage aaLater = outbox.create(message(3, T0.plusSeconds(2), "Aa"));
    assertThat(outbox.findDue(T0.plusSeconds(10), 10)).containsExactly(aa, bb);
    outbox.update(aa.sent("p-1"));
    assertThat(outbox.findDue(T0.plusSeconds(10), 10)).containsExactly(bb, aaLater);
  }

  @Test
  void aSecondMessageWithAKeyInUse_isRefused_andNothingOfItIsStored() {
    OutboxStore outbox = new InMemoryOutbox(0);
    OutboundMessage first = outbox.create(message(1, T0));
    OutboundMessage sameKey = new OutboundMessage(OutboundId.of("o2"), null, ContactId.of("c2"), ChannelId.EMAIL,
        null, null, Visibility.PRIVATE, "Hallo", List.of(), "service-reply", first.idempotencyKey(),
        OutboxStatus.PENDING, 0, null, null, T0, T0, 0);

    assertThatThrownBy(() -> outbox.create(sameKey)).isInstanceOf(DuplicateKeyException.class)
        .hasMessageContaining("idempotency key");
    assertThat(outbox.find(sameKey.id())).isEmpty();
    assertThat(outbox.findByRecipient(ContactId.of("c2"))).isEmpty();
    assertThat(outbox.findDue(T0, 10)).containsExactly(first);
    assertThat(outbox.count()).isEqualTo(1);
    // a key given up by its message is free again
    outbox.delete(first.id());
    assertThat(outbox.create(sameKey).idempotencyKey()).isEqualTo(first.idempotencyKey());
  }

  @Test
  void anErasedText_isNoLongerInMemory() throws Exception {
    InMemoryOutbox outbox = new InMemoryOutbox(0);
    String secret = "Ihre neue IBAN DE02 1203 0000 0000 2020 51 ist hinterlegt.";
    OutboundMessage stored = outbox.create(OutboundMessage.pending(OutboundId.of("o1"), null, ContactId.of("c1"),
        ChannelId.EMAIL, "t1", null, Visibility.PRIVATE, secret, "service-reply", T0));
    OutboundMessage erased = new OutboundMessage(stored.id(), null, stored.recipient(), stored.channel(),
        stored.threadId(), null, stored.visibility(), "[gelöscht]", List.of(), stored.purpose(),
        stored.idempotencyKey(), stored.status(), 0, null, null, T0, T0, stored.version());
    outbox.update(erased);

    java.lang.reflect.Field slabField = InMemoryOutbox.class.getDeclaredField("slab");
    slabField.setAccessible(true);
    RowSlab slab = (RowSlab) slabField.get(outbox);
    String wanted = new String(secret.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    for (int c = 0; c < slab.chunks(); c++) {
      assertThat(new String(slab.chunkAt(c), StandardCharsets.ISO_8859_1)).doesNotContain(wanted);
    }
    java.lang.reflect.Field scratchField = InMemoryOutbox.class.getDeclaredField("scratch");
    scratchField.setAccessible(true);
    assertThat(((PackedBytes.Out) scratchField.get(outbox)).buf).containsOnly(0);
    assertThat(outbox.find(stored.id()).orElseThrow().text()).isEqualTo("[gelöscht]");
  }

  @Test
  void concurrentClaims_neverClaimAMessageTwice() throws Exception {
    OutboxStore outbox = new InMemoryOutbox(0);
    int messages = 2_000;
    for (int i = 0; i < messages; i++) {
      outbox.create(message(i, T0.plusMillis(i)));
    }
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<OutboundId>>> claims = new ArrayList<>();
      for (int t = 0; t < 2; t++) {
        claims.add(pool.submit(() -> {
          List<OutboundId> mine = new ArrayList<>();
          List<OutboundMessage> batch;
          while (!(batch = outbox.claimDue(T0.plusSeconds(10), T0.plusSeconds(60), 7)).isEmpty()) {
            for (OutboundMessage m : batch) {
              mine.add(m.id());
              // half of them are sent at once, the others keep their lease
              if (m.id().value().hashCode() % 2 == 0) {
                outbox.update(m.sent("p-" + m.id().value()));
              }
            }
          }
          return mine;
        }));
      }
      Set<OutboundId> all = new HashSet<>();
      int total = 0;
      for (Future<List<OutboundId>> claim : claims) {
        List<OutboundId> ids = claim.get(60, TimeUnit.SECONDS);
        total += ids.size();
        all.addAll(ids);
      }
      assertThat(total).isEqualTo(messages);
      assertThat(all).hasSize(messages);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readersDuringClaimsAndSends_seeWholeMessagesInOrder() throws Exception {
    OutboxStore outbox = new InMemoryOutbox(0);
    AtomicBoolean writing = new AtomicBoolean(true);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    Future<Integer> reads = pool.submit(() -> {
      int n = 0;
      while (writing.get()) {
        List<OutboundMessage> pending = outbox.findByStatus(OutboxStatus.PENDING);
        assertThat(pending).isSortedAccordingTo(OLDEST_FIRST);
        for (OutboundMessage m : pending) {
          // the text is told by the id: a torn read would not match
          assertThat(m.text()).isEqualTo(text(m.id()));
        }
        for (OutboundMessage m : outbox.findDue(T0.plusSeconds(3_600), 50)) {
          assertThat(m.text()).isEqualTo(text(m.id()));
        }
        n++;
      }
      return n;
    });
    try {
      for (int i = 0; i < 20_000; i++) {
        OutboundId id = OutboundId.of("o" + i);
        outbox.create(OutboundMessage.pending(id, null, ContactId.of("c" + i % 7), ChannelId.TELEGRAM, "t" + i % 50,
            null, Visibility.PRIVATE, text(id), "service-reply", T0.plusMillis(i)));
        if (i % 3 == 0) {
          for (OutboundMessage m : outbox.claimDue(T0.plusSeconds(3_600), T0.plusSeconds(7_200), 2)) {
            outbox.update(m.sent("p-" + i));
          }
        }
      }
    } finally {
      writing.set(false);
    }
    assertThat(reads.get(60, TimeUnit.SECONDS)).isPositive();
    pool.shutdown();
  }

  /** A text whose length and content follow from an id. */
  private static String text(OutboundId id) {
    return (id.value() + ";").repeat(id.value().length() * 7 % 40 + 1);
  }
}
