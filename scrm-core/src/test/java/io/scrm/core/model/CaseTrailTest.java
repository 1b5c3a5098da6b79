package io.scrm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/** The audit trail a case keeps in columns reads back as the list of entries it was given. */
final class CaseTrailTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");

  /** Entries of every shape, including times at the ends of what an instant holds. */
  private static Gen<AuditEntry> entries() {
    Gen<Instant> extremes = Generate.pick(List.of(Instant.MIN, Instant.MAX, Instant.EPOCH,
        Instant.ofEpochSecond(-1, 999_999_999), Instant.ofEpochSecond(Long.MIN_VALUE / 1_000_000, 1)));
    Gen<AuditEntry> any = DomainGenerators.auditEntries();
    return any.zip(extremes, integers().between(0, 3), (e, at, pick) -> pick == 0
        ? new AuditEntry(at, e.actor(), e.action(), e.from(), e.to(), e.channel(), e.note(), e.commandId())
        : e);
  }

  private static Case caseWith(List<AuditEntry> audit) {
    return new Case(CaseId.of("k"), ContactId.of("c"), CaseType.COMPLAINT, ChannelId.TELEGRAM, "t", CaseState.NEW,
        true, Priority.NORMAL, null, null, 0, List.of(), List.of(), audit, T0, T0, 0);
  }

  @Test
  void branchingAppends_everyVersionReadsAsItsOwnList() {
    qt().withExamples(300)
        .forAll(integers().between(0, 12), lists().of(entries()).ofSizeBetween(0, 40),
            lists().of(integers().between(0, 1_000)).ofSize(40))
        .checkAssert((initial, entries, parents) -> {
          int first = Math.min(initial, entries.size());
          List<Case> versions = new ArrayList<>();
          List<List<AuditEntry>> models = new ArrayList<>();
          versions.add(caseWith(entries.subList(0, first)));
          models.add(List.copyOf(entries.subList(0, first)));
          for (int j = first; j < entries.size(); j++) {
            // append to any earlier version: a version that is not the latest must copy, not overwrite
            int parent = parents.get(j) % versions.size();
            versions.add(versions.get(parent).withAudit(entries.get(j)));
            List<AuditEntry> model = new ArrayList<>(models.get(parent));
            model.add(entries.get(j));
            models.add(List.copyOf(model));
          }
          for (int v = 0; v < versions.size(); v++) {
            List<AuditEntry> audit = versions.get(v).audit();
            List<AuditEntry> model = models.get(v);
            assertThat(audit).hasSize(model.size()).containsExactlyElementsOf(model);
            for (int i = 0; i < model.size(); i++) {
              assertThat(audit.get(i)).isEqualTo(model.get(i));
              Actor given = model.get(i).actor();
              if (given.type() != ActorType.CUSTOMER) {
                assertThat(audit.get(i).actor()).isSameAs(given);
              }
            }
            assertThat(audit).isEqualTo(model).hasSameHashCodeAs(model);
            assertThat(model).isEqualTo(audit);
            assertThat(caseWith(model).audit()).isEqualTo(audit);
            assertThatThrownBy(() -> audit.get(model.size())).isInstanceOf(IndexOutOfBoundsException.class);
            // versions that share their columns are equal only where their lines are
            for (int w = 0; w < versions.size(); w++) {
              assertThat(audit.equals(versions.get(w).audit())).isEqualTo(model.equals(models.get(w)));
            }
          }
        });
  }

  @Test
  void customerLines_keepTheFirstLinesIdString() {
    String opener = new String("telegram-contact-7");
    Case c = caseWith(List.of(new AuditEntry(T0, new Actor(ActorType.CUSTOMER, opener), "OPEN", null, CaseState.NEW,
        ChannelId.TELEGRAM, null, null)));
    for (int i = 1; i <= 20; i++) {
      // a new but equal string with every message, as the engine resolves the author anew each time
      c = c.withAudit(new AuditEntry(T0.plusSeconds(i), new Actor(ActorType.CUSTOMER, new String(opener)),
          "MESSAGE", null, null, ChannelId.TELEGRAM, null, null));
    }
    c = c.withAudit(new AuditEntry(T0.plusSeconds(30), new Actor(ActorType.CUSTOMER, "someone-else"), "MESSAGE",
        null, null, ChannelId.TELEGRAM, null, null));
    List<AuditEntry> audit = c.audit();
    assertThat(audit).hasSize(22);
    for (int i = 0; i <= 20; i++) {
      assertThat(audit.get(i).actor()).isEqualTo(new Actor(ActorType.CUSTOMER, opener));
      assertThat(audit.get(i).actor().id()).isSameAs(opener);
    }
    assertThat(audit.get(21).actor()).isEqualTo(new Actor(ActorType.CUSTOMER, "someone-else"));
    assertThat(audit.get(21).at()).isEqualTo(T0.plusSeconds(30));
  }

  @Test
  void theEnginesConstants_readBackAsThemselves_andAHostsOwnValuesAsEqual() {
    Case c = caseWith(List.of(new AuditEntry(T0, Actor.SYSTEM, "ROUTE", CaseState.NEW, CaseState.TRIAGED,
        ChannelId.MASTODON, null, null)));
    AuditEntry read = c.audit().get(0);
    assertThat(read.actor()).isSameAs(Actor.SYSTEM);
    assertThat(read.from()).isSameAs(CaseState.NEW);
    assertThat(read.to()).isSameAs(CaseState.TRIAGED);
    assertThat(read.channel()).isSameAs(ChannelId.MASTODON);
    assertThat(read.action()).isSameAs("ROUTE");
    // a state, channel or system actor of the host's own reads back equal
    Case custom = caseWith(List.of(new AuditEntry(T0, Actor.system("crm-sync"), "SYNC", CaseState.of("PARKED"),
        CaseState.of("WAITING_ON_PARTS"), ChannelId.of("whatsapp"), "Störung", null)));
    assertThat(custom.audit().get(0)).isEqualTo(new AuditEntry(T0, Actor.system("crm-sync"), "SYNC",
        CaseState.of("PARKED"), CaseState.of("WAITING_ON_PARTS"), ChannelId.of("whatsapp"), "Störung", null));
  }

  @Test
  void linesReadInAnyOrder_readBackAsWritten() {
    qt().withExamples(200)
        .forAll(lists().of(entries()).ofSizeBetween(1, 30), lists().of(integers().between(0, 1_000)).ofSize(60))
        .checkAssert((entries, picks) -> {
          List<AuditEntry> audit = caseWith(entries).audit();
          for (int pick : picks) {
            int i = pick % entries.size();
            assertThat(audit.get(i)).isEqualTo(entries.get(i));
          }
        });
  }

  @Test
  void linesReadBackwardsOrInPairs_readBackAsWritten() {
    qt().withExamples(100).forAll(lists().of(entries()).ofSizeBetween(1, 40)).checkAssert(entries -> {
      List<AuditEntry> audit = caseWith(entries).audit();
      for (int i = entries.size() - 1; i >= 0; i--) {
        assertThat(audit.get(i)).isEqualTo(entries.get(i));
      }
      for (int i = 0; i + 1 < entries.size(); i++) {
        assertThat(audit.get(i + 1)).isEqualTo(entries.get(i + 1));
        assertThat(audit.get(i)).isEqualTo(entries.get(i));
      }
      assertThat(audit.get(entries.size() - 1)).isEqualTo(entries.get(entries.size() - 1));
    });
  }

  /** A scan from the newest line, as the engine's look-ups do, costs a read per line, not a walk per line. */
  @Test
  @Timeout(60)
  void aLongTrailScannedFromItsNewestLine_isReadInOnePass() {
    int lines = 300_000;
    Case c = caseWith(List.of(entry("OPEN", 0)));
    for (int i = 1; i < lines; i++) {
      c = c.withAudit(entry("NOTE", i));
    }
    List<AuditEntry> audit = c.audit();
    int notes = 0;
    for (int i = audit.size() - 1; i >= 0; i--) {
      notes += audit.get(i).action().equals("NOTE") ? 1 : 0;
    }
    assertThat(notes).isEqualTo(lines - 1);
    assertThat(audit.get(lines - 1)).isEqualTo(entry("NOTE", lines - 1));
  }

  @Test
  void concurrentAppendsToOneVersion_eachKeepsItsOwnEntry() throws Exception {
    Case base = caseWith(List.of(entry("OPEN", 0), entry("MESSAGE", 1)));
    int threads = 4;
    int rounds = 2_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      for (int r = 0; r < rounds; r++) {
        Case from = base.withAudit(entry("NOTE", r));
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Case>> appended = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
          AuditEntry own = entry("NOTE", 10_000 + t);
          appended.add(pool.submit(() -> {
            start.await();
            return from.withAudit(own);
          }));
        }
        start.countDown();
        for (int t = 0; t < threads; t++) {
          Case c = appended.get(t).get(10, TimeUnit.SECONDS);
          assertThat(c.audit()).hasSize(4).endsWith(entry("NOTE", 10_000 + t));
          assertThat(c.audit().subList(0, 3)).isEqualTo(from.audit());
        }
        assertThat(from.audit()).hasSize(3);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private static AuditEntry entry(String action, int second) {
    return new AuditEntry(T0.plusSeconds(second), Actor.SYSTEM, action, null, null, ChannelId.TELEGRAM, "n" + second,
        null);
  }
}
