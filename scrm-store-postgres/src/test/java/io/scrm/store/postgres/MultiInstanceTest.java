package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Several SocialCrm instances on one PostgreSQL database, as hosts run them behind a load balancer. */
final class MultiInstanceTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  /** One clock for all instances, moved by the test. */
  private static final class SharedClock extends Clock {
    final AtomicReference<Instant> now = new AtomicReference<>(T0);

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now.get();
    }
  }

  private final SharedClock clock = new SharedClock();

  @BeforeEach
  void emptyDatabase() {
    PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
  }

  private SocialCrm instance() {
    return SocialCrm.builder().clock(clock).dedupCacheSize(16)
        .stores(PostgresStores.builder().dataSource(TestDatabase.dataSource()).build()).build();
  }

  private static <T> List<T> runConcurrently(List<Callable<T>> tasks) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
    CountDownLatch start = new CountDownLatch(1);
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> task : tasks) {
      futures.add(pool.submit(() -> {
        start.await();
        return task.call();
      }));
    }
    start.countDown();
    List<T> results = new ArrayList<>();
    for (Future<T> f : futures) {
      results.add(f.get(120, TimeUnit.SECONDS));
    }
    pool.shutdown();
    return results;
  }

  @Test
  void ingest_threeInstancesDeliveringSameDuplicatedMessages_storesEachOnceInOneCasePerThread() throws Exception {
    List<SocialCrm> instances = List.of(instance(), instance(), instance());
    List<Interaction> deliveries = new ArrayList<>();
    for (int chat = 0; chat < 6; chat++) {
      for (int n = 0; n < 10; n++) {
        deliveries.add(Interaction.inbound(ChannelId.TELEGRAM, chat + ":" + n).thread("chat-" + chat)
            .author("user-" + chat, null).text("Nachricht " + n).occurredAt(T0.plusSeconds(n)).build());
      }
    }
    List<Callable<List<IngestResult>>> tasks = new ArrayList<>();
    for (int t = 0; t < 6; t++) {
      SocialCrm crm = instances.get(t % instances.size());
      int offset = t * 7;
      tasks.add(() -> {
        List<IngestResult> results = new ArrayList<>();
        for (int i = 0; i < deliveries.size(); i++) {
          results.add(crm.ingest(deliveries.get((i + offset) % deliveries.size())));
        }
        return results;
      });
    }

    List<List<IngestResult>> all = runConcurrently(tasks);

    var stores = instances.get(0).stores();
    assertThat(stores.interactions().count()).isEqualTo(deliveries.size());
    assertThat(stores.cases().count()).isEqualTo(6);
    assertThat(stores.contacts().count()).isEqualTo(6);
    assertThat(all.stream().flatMap(List::stream).filter(r -> r.outcome() == IngestResult.Outcome.CREATED).count())
        .isEqualTo(deliveries.size());
    Set<InteractionId> attached = new HashSet<>();
    for (Case c : stores.cases().findOpen()) {
      assertThat(c.interactions()).hasSize(10);
      attached.addAll(c.interactions());
    }
    assertThat(attached).hasSize(deliveries.size());
  }

  @Test
  void markDeleted_onOneInstanceRacingItsMessageOnAnother_isRecordedOnceForEveryMessage() throws Exception {
    SocialCrm hearsDeletions = instance();
    SocialCrm hearsMessages = instance();
    int messages = 40;
    List<Callable<Void>> tasks = List.of(() -> {
      // from the last message back, so that the two instances meet at a message in the middle
      for (int i = messages - 1; i >= 0; i--) {
        hearsDeletions.markDeleted(InteractionId.of(ChannelId.TELEGRAM, i + ":1"), T0.plusSeconds(i));
      }
      return null;
    }, () -> {
      for (int i = 0; i < messages; i++) {
        hearsMessages.ingest(Interaction.inbound(ChannelId.TELEGRAM, i + ":1").thread("chat-" + i)
            .author("user-" + i, null).text("Bitte löschen").occurredAt(T0).build());
      }
      return null;
    });

    runConcurrently(tasks);

    var stores = hearsMessages.stores();
    for (int i = 0; i < messages; i++) {
      InteractionId id = InteractionId.of(ChannelId.TELEGRAM, i + ":1");
      assertThat(stores.interactions().find(id).orElseThrow().deletedAt()).as("message %d", i)
          .isEqualTo(T0.plusSeconds(i));
      Case c = stores.cases().findByInteraction(id).orElseThrow();
      assertThat(c.audit()).extracting(AuditEntry::action).as("message %d", i).containsOnlyOnce("MESSAGE_DELETED");
      assertThat(stores.earlyDeletions().find(id, clock.instant())).as("message %d", i).isEmpty();
    }
  }

  @Test
  void markDeleted_heardBeforeARestart_isRecordedWhenItsMessageComesAfterIt() {
    InteractionId id = InteractionId.of(ChannelId.FACEBOOK, "post_1_comment_7");
    assertThat(instance().markDeleted(id, T0)).isFalse();
    clock.now.set(T0.plus(Duration.ofHours(30)));

    SocialCrm restarted = instance();
    restarted.ingest(Interaction.inbound(ChannelId.FACEBOOK, "post_1_comment_7").thread("post_1_comment_7")
        .author("fb-42", null).text("Wo bleibt mein Paket?").occurredAt(T0.minusSeconds(5)).build());

    assertThat(restarted.stores().interactions().find(id).orElseThrow().deletedAt()).isEqualTo(T0);
  }

  @Test
  void updateCase_agentsOnTwoInstances_neverLoseAnUpdate() throws Exception {
    SocialCrm a = instance();
    SocialCrm b = instance();
    IngestResult r = a.ingest(Interaction.inbound(ChannelId.EMAIL, "<1@example.de>").thread("<1@example.de>")
        .author("kunde@example.de", null).text("Hallo").occurredAt(T0).build());
    CaseId caseId = r.caseId();
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      SocialCrm crm = t % 2 == 0 ? a : b;
      String agent = "agent-" + t;
      tasks.add(() -> {
        for (int i = 0; i < 15; i++) {
          String note = agent + "-" + i;
          crm.updateCase(caseId, c -> c.withAudit(new AuditEntry(clock.instant(), Actor.agent(agent), "NOTE", null,
              null, null, note, note)));
        }
        return 15;
      });
    }

    runConcurrently(tasks);

    Case c = a.findCase(caseId).orElseThrow();
    List<String> notes = c.audit().stream().filter(e -> e.action().equals("NOTE")).map(AuditEntry::note).toList();
    assertThat(notes).hasSize(60).doesNotHaveDuplicates();
    assertThat(c.version()).isEqualTo(61);
  }

  @Test
  void apply_caseCommandsFromAgentsOnTwoInstances_eachAcceptedCommandAppearsOnceAndRetriesAreIdempotent()
      throws Exception {
    SocialCrm a = instance();
    SocialCrm b = instance();
    IngestResult r = a.ingest(Interaction.inbound(ChannelId.EMAIL, "<2@example.de>").thread("<2@example.de>")
        .author("kundin@example.de", null).text("Guten Tag").occurredAt(T0).build());
    CaseId caseId = r.caseId();
    a.apply(caseId, CaseCommand.triage("triage-1", Actor.agent("lead"), "service", null));
    List<Callable<Integer>> tasks = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      SocialCrm crm = t % 2 == 0 ? a : b;
      SocialCrm other = t % 2 == 0 ? b : a;
      String agent = "agent-" + t;
      tasks.add(() -> {
        for (int i = 0; i < 10; i++) {
          String id = agent + "-note-" + i;
          crm.apply(caseId, CaseCommand.note(id, Actor.agent(agent), "Notiz " + i));
          // the same command retried through the other instance changes nothing
          assertThat(other.apply(caseId, CaseCommand.note(id, Actor.agent(agent), "Notiz " + i)).duplicate())
              .isTrue();
        }
        return 10;
      });
    }

    runConcurrently(tasks);

    Case c = a.findCase(caseId).orElseThrow();
    List<String> commandIds = c.audit().stream().map(AuditEntry::commandId).filter(id -> id != null
        && id.contains("-note-")).toList();
    assertThat(commandIds).hasSize(40).doesNotHaveDuplicates();
    assertThat(c.state()).isEqualTo(CaseState.TRIAGED);
  }

  @Test
  void outbox_instanceCrashesMidDispatch_otherInstanceTakesOverAndEachMessageIsSentOnce() throws Exception {
    SocialCrm a = instance();
    SocialCrm b = instance();
    List<CaseId> cases = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      IngestResult r = a.ingest(Interaction.inbound(ChannelId.MASTODON, "1100000000000000" + i).thread("t" + i)
          .author("kunde" + i + "@koeln.social", null).text("Störung?").occurredAt(T0).visibility(Visibility.PUBLIC)
          .build());
      cases.add(r.caseId());
      a.reply(r.caseId(), Actor.agent("anna"), "Wir sind dran.");
    }
    // the platform: accepts a message once per idempotency key (as Mastodon's Idempotency-Key does)
    Map<String, String> platform = new ConcurrentHashMap<>();
    Duration lease = Duration.ofSeconds(30);

    // instance A claims a batch, hands some to the platform, then dies before recording the results
    List<OutboundMessage> claimedByA = a.outbox().claim(10, lease);
    for (OutboundMessage m : claimedByA.subList(0, 5)) {
      platform.putIfAbsent(m.idempotencyKey(), "p-" + m.idempotencyKey());
    }
    // B and a restarted A dispatch concurrently; A's dead leases expire first
    clock.now.set(T0.plus(lease).plusSeconds(1));
    SocialCrm aRestarted = instance();
    List<Callable<Integer>> dispatchers = new ArrayList<>();
    for (SocialCrm crm : List.of(b, aRestarted)) {
      dispatchers.add(() -> {
        int sent = 0;
        List<OutboundMessage> batch;
        while (!(batch = crm.outbox().claim(4, lease)).isEmpty()) {
          for (OutboundMessage m : batch) {
            String providerId = platform.computeIfAbsent(m.idempotencyKey(), k -> "p-" + k);
            crm.outbox().markSent(m, providerId);
            sent++;
          }
        }
        return sent;
      });
    }

    List<Integer> sent = runConcurrently(dispatchers);

    assertThat(sent.stream().mapToInt(Integer::intValue).sum()).isEqualTo(30);
    assertThat(platform).hasSize(30);
    var outbox = b.stores().outbox();
    assertThat(outbox.findByStatus(OutboxStatus.SENT)).hasSize(30);
    assertThat(outbox.findByStatus(OutboxStatus.PENDING)).isEmpty();
    for (CaseId id : cases) {
      assertThat(b.findCase(id).orElseThrow().audit()).filteredOn(e -> e.action().equals("REPLY_SENT")).hasSize(1);
    }
  }
}
