package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * An erasure whose footprint was read before a dispatcher recorded a send on the subject's case,
 * and whose deletes come after: the reply's text is left stored after the erasure.
 */
final class ErasureDuringSendRecordTest {
  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private final MutableClock clock = new MutableClock(START);
  private final Stores stores = Stores.inMemory();
  /** Runs once, at the erasure's first delete of an interaction (its footprint is read by then). */
  private final AtomicReference<Runnable> atFirstDelete = new AtomicReference<>();

  private static Object call(java.lang.reflect.Method m, Object target, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private final Stores hooked = (Stores) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {Stores.class}, (p, m, a) -> {
        Object real = call(m, stores, a);
        if (!m.getName().equals("interactions")) {
          return real;
        }
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {InteractionStore.class},
            (p2, m2, a2) -> {
              if (m2.getName().equals("delete")) {
                Runnable r = atFirstDelete.getAndSet(null);
                if (r != null) {
                  r.run();
                }
              }
              return call(m2, real, a2);
            });
      });

  @Test
  void aSendRecordedWhileTheErasureRuns_leavesNoReplyTextBehind() {
    ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
    ConsentGate gate = ConsentGate.builder(ledger).role("anna", AgentRole.SERVICE_AGENT)
        .role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
    SocialCrm crm = SocialCrm.builder().clock(clock).stores(hooked).consentPolicy(gate).build();
    DataSubjectRequests dsr = DataSubjectRequests.of(crm, gate, null);
    IngestResult bert = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "m1").thread("chat-bert")
        .author("bert", "Bert").text("Bitte rufen Sie mich an.").occurredAt(START)
        .visibility(Visibility.PRIVATE).kind(InteractionKind.DIRECT).build());
    crm.reply(bert.caseId(), Actor.agent("anna"), "Bert, Ihre Nummer 0171 5550123 ist notiert.");
    List<OutboundMessage> claimed = crm.outbox().claim(10, Duration.ofMinutes(1));
    assertThat(claimed).hasSize(1);
    // the platform accepted the send; the dispatcher records it while the erasure is under way
    atFirstDelete.set(() -> crm.outbox().markSent(claimed.get(0), "m2"));

    dsr.erase(bert.contact(), Actor.agent("dora"));

    assertThat(stores.cases().find(bert.caseId())).isEmpty();
    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, "chat-bert"))
        .as("nothing of Bert's conversation left after the erasure").isEmpty();
  }
}
