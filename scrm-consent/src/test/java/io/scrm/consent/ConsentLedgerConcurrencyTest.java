package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class ConsentLedgerConcurrencyTest {

  @Test
  void appendAndDecide_fromManyThreads_chainStaysIntactAndEveryDecisionAudited() throws Exception {
    Fixture f = new Fixture();
    int threads = 4;
    int perThread = 150;
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      ContactId subject = ContactId.of("c-" + t);
      done.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < perThread; i++) {
          if (i % 2 == 0) {
            f.ledger.grant(subject, "tracking", ChannelId.EMAIL, Fixture.NEWSLETTER, CollectionMethod.WEB_FORM,
                Actor.customer(subject), Fixture.form(), null);
          } else {
            f.ledger.withdraw(subject, "tracking", ChannelId.EMAIL, CollectionMethod.API, Actor.customer(subject));
          }
          f.gate.decide(subject, "tracking", ChannelId.EMAIL, ConsentAction.TRACK, Actor.SYSTEM, f.clock.instant());
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> d : done) {
      d.get(30, TimeUnit.SECONDS);
    }
    pool.shutdown();

    LedgerVerification v = f.ledger.verify();
    assertThat(v.intact()).isTrue();
    assertThat(v.checked()).isEqualTo((long) threads * perThread);
    assertThat(f.gate.decisionLog().count()).isEqualTo((long) threads * perThread);
    for (int t = 0; t < threads; t++) {
      assertThat(f.ledger.current(ContactId.of("c-" + t), "tracking", ChannelId.EMAIL).orElseThrow().state())
          .isEqualTo(ConsentState.WITHDRAWN);
    }
  }
}
