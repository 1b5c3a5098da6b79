package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
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
        .forAll(lists().of(integers().between(0, 10)).ofSizeBetween(1, 60),
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
}
