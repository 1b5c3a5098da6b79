package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The case store's look-ups read their indexes without the writer's lock: while a case closes,
 * reopens or changes its contact, a look-up returns only cases that match it.
 */
final class InMemoryCaseLookupsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:15:30Z");
  private static final ContactId C1 = ContactId.of("c1");
  private static final ContactId C2 = ContactId.of("c2");

  private final CaseStore store = Stores.inMemory().cases();

  private Case open() {
    Interaction first = Interaction.inbound(ChannelId.TELEGRAM, "m1").thread("t1").author("anna", null)
        .text("Hallo").occurredAt(T0).build();
    return store.create(Case.open(CaseId.of("k1"), C1, first, CaseType.QUESTION, Priority.NORMAL, T0));
  }

  private static Case closedOrReopened(Case c) {
    AuditEntry entry = new AuditEntry(T0, Actor.SYSTEM, "STATE", null, null, null, null, null);
    return c.withState(c.open() ? CaseState.CLOSED : CaseState.REOPENED, !c.open(), entry);
  }

  private static Case ofOtherContact(Case c) {
    return new Case(c.id(), c.contactId().equals(C1) ? C2 : C1, c.type(), c.originChannel(), c.originThread(),
        c.state(), c.open(), c.priority(), c.queue(), c.assignee(), c.escalationLevel(), c.interactions(),
        c.tags(), c.audit(), c.openedAt(), c.updatedAt(), c.version());
  }

  /**
   * Rewrites the case with {@code change} on another thread while {@code check} runs here.
   *
   * @return the first wrong answer {@code check} reports, or null
   */
  private String whileRewritten(UnaryOperator<Case> change, Supplier<String> check) throws Exception {
    Case[] current = {open()};
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      Future<?> writes = pool.submit(() -> {
        while (!done.get()) {
          current[0] = store.update(change.apply(current[0]));
        }
      });
      String wrong = null;
      long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1_500);
      while (wrong == null && System.nanoTime() < end) {
        wrong = check.get();
      }
      done.set(true);
      writes.get(10, TimeUnit.SECONDS);
      return wrong;
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  void findOpenByThread_whileTheCaseClosesAndReopens_neverReturnsItClosed() throws Exception {
    String wrong = whileRewritten(InMemoryCaseLookupsTest::closedOrReopened, () -> {
      Optional<Case> found = store.findOpenByThread(ChannelId.TELEGRAM, "t1");
      return found.isPresent() && !found.get().open() ? "closed case v" + found.get().version() : null;
    });

    assertThat(wrong).isNull();
  }

  @Test
  void findOpen_whileTheCaseClosesAndReopens_neverReturnsItClosedOrTwice() throws Exception {
    String wrong = whileRewritten(InMemoryCaseLookupsTest::closedOrReopened, () -> {
      List<Case> open = store.findOpen();
      if (open.size() > 1) {
        return open.size() + " open cases";
      }
      return open.stream().anyMatch(c -> !c.open()) ? "a closed case" : null;
    });

    assertThat(wrong).isNull();
  }

  @Test
  void findByContact_whileTheCaseChangesItsContact_neverReturnsAnotherContactsCase() throws Exception {
    String wrong = whileRewritten(InMemoryCaseLookupsTest::ofOtherContact, () -> {
      for (Case c : store.findByContact(C1)) {
        if (!c.contactId().equals(C1)) {
          return "a case of " + c.contactId();
        }
      }
      return null;
    });

    assertThat(wrong).isNull();
  }
}
