package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Priority;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The in-memory case store, which keeps cases packed and remembers the row it decoded last. */
final class InMemoryCasesTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  private static Case open(int chat) {
    Interaction first = Interaction.inbound(ChannelId.TELEGRAM, chat + ":1").thread(String.valueOf(chat))
        .author("kunde_" + chat, null).text("Hallo").occurredAt(T0).build();
    return Case.open(CaseId.random(), ContactId.random(), first, CaseType.QUESTION, Priority.NORMAL, T0);
  }

  private static Case step(Case c, int n) {
    Instant at = T0.plusSeconds(n);
    return n % 3 == 0
        ? c.withAudit(new AuditEntry(at, Actor.agent("agent-" + n), "NOTE", null, null, null, "Notiz " + n, null))
        : c.withInteraction(InteractionId.of(ChannelId.TELEGRAM, c.originThread() + ":" + (n + 1)),
            new AuditEntry(at, Actor.customer(c.contactId()), "MESSAGE", null, null, ChannelId.TELEGRAM, null, null));
  }

  @Test
  void find_betweenWritesOfOtherCases_returnsEachCasesLatestRow() {
    qt().withExamples(200).forAll(longs().all()).checkAssert(seed -> {
      Random random = new Random(seed);
      CaseStore cases = Stores.inMemory().cases();
      List<CaseId> ids = new ArrayList<>();
      Map<CaseId, Case> latest = new HashMap<>();
      for (int chat = 0; chat < 3; chat++) {
        Case stored = cases.create(open(chat));
        ids.add(stored.id());
        latest.put(stored.id(), stored);
      }
      for (int n = 1; n < 60; n++) {
        CaseId id = ids.get(random.nextInt(ids.size()));
        switch (random.nextInt(3)) {
          case 0 -> latest.put(id, cases.update(step(latest.get(id), n)));
          case 1 -> assertThat(cases.findByInteraction(latest.get(id).interactions().get(0))).contains(latest.get(id));
          default -> assertThat(cases.find(id)).contains(latest.get(id));
        }
      }
      for (CaseId id : ids) {
        assertThat(cases.find(id)).contains(latest.get(id));
      }
    });
  }

  @Test
  void find_whileAnotherCaseIsWritten_neverReturnsTheOtherRowOrAnOlderVersion() throws Exception {
    CaseStore cases = Stores.inMemory().cases();
    Case quiet = cases.create(open(1));
    Case busy = cases.create(open(2));
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread writer = new Thread(() -> {
      try {
        Case current = busy;
        for (int n = 1; n <= 1_000; n++) {
          current = cases.update(step(current, n));
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    });
    writer.start();
    long seen = 0;
    while (writer.isAlive()) {
      assertThat(cases.find(quiet.id())).contains(quiet);
      Case read = cases.find(busy.id()).orElseThrow();
      assertThat(read.id()).isEqualTo(busy.id());
      assertThat(read.version()).isGreaterThanOrEqualTo(seen);
      seen = read.version();
    }
    writer.join();
    assertThat(failure.get()).isNull();
    assertThat(cases.find(busy.id()).orElseThrow().version()).isEqualTo(1_001);
    assertThat(cases.find(busy.id()).orElseThrow().state()).isEqualTo(CaseState.NEW);
  }
}
