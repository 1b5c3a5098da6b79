package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ContactId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class CaseProcessConcurrencyTest {
  private static final int THREADS = 8;
  private static final int COMMANDS_PER_THREAD = 150;

  @Test
  void apply_manyThreadsOnOneCase_everyAcceptedCommandAppearsExactlyOnce() throws Exception {
    Fixture f = new Fixture();
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", Actor.agent("lead"), "support", null));
    f.crm.apply(id, CaseCommand.start("s", Actor.agent("lead")));
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    AtomicInteger acceptedFirst = new AtomicInteger();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      done.add(pool.submit(() -> {
        Actor agent = Actor.agent("agent" + thread);
        go.await();
        for (int i = 0; i < COMMANDS_PER_THREAD; i++) {
          String cid = thread + "-" + i;
          CaseCommand c = switch (i % 5) {
            case 0 -> CaseCommand.askCustomer(cid, agent, null);
            case 1 -> CaseCommand.customerReplied(cid, Actor.customer(ContactId.of("kai")), null);
            case 2 -> CaseCommand.escalate(cid, agent, 1 + i % 4, null, null);
            case 3 -> CaseCommand.assign(cid, agent, agent.id());
            default -> CaseCommand.note(cid, agent, "n" + i);
          };
          // each command is sent twice, as a client retrying after a timeout would
          boolean firstAccepted = false;
          for (int attempt = 0; attempt < 2; attempt++) {
            try {
              CommandResult r = f.crm.apply(id, c);
              if (r.duplicate()) {
                assertThat(firstAccepted).isTrue();
                duplicates.incrementAndGet();
              } else {
                assertThat(accepted.add(cid)).isTrue();
                firstAccepted = attempt == 0;
                if (attempt == 0) {
                  acceptedFirst.incrementAndGet();
                }
              }
            } catch (IllegalCommandException e) {
              if (attempt == 1) {
                refused.incrementAndGet();
              }
            }
          }
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> d : done) {
      d.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    Case c = f.crm.findCase(id).orElseThrow();
    Map<String, Integer> inTrail = new HashMap<>();
    for (AuditEntry e : c.audit()) {
      if (e.commandId() != null && e.commandId().contains("-")) {
        inTrail.merge(e.commandId(), 1, Integer::sum);
      }
    }
    assertThat(inTrail.keySet()).isEqualTo(accepted);
    assertThat(inTrail.values()).allMatch(n -> n == 1);
    assertThat(duplicates.get()).isEqualTo(acceptedFirst.get());
    assertThat(c.version()).isEqualTo(1 + 2 + accepted.size());
    assertThat(c.escalationLevel()).isEqualTo(4);
    assertThat(accepted.size() + refused.get()).isEqualTo(THREADS * COMMANDS_PER_THREAD);
  }
}
