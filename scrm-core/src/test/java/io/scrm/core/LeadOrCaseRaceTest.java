package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.LeadStore;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Two messages of one new chat, one routed to a lead and one to a case, heard at once: the chat ends
 * with the one the first of them started, holding both, as if they had come one after the other.
 */
final class LeadOrCaseRaceTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final IntakeRouter BY_OFFER = (m, author) -> m.text().contains("Angebot")
      ? new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION, Priority.NORMAL, "vertrieb", null, 10,
          List.of(), "rule angebot")
      : IntakeDecision.defaultCase();

  private final Stores stores = Stores.inMemory();
  /** What runs (once) before the first call of a store's method, keyed "store.method". */
  private final Map<String, Runnable> before = new ConcurrentHashMap<>();

  private static Object call(Method m, Object target, Object[] a) throws Throwable {
    try {
      return m.invoke(target, a);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private final Stores hooked = (Stores) Proxy.newProxyInstance(getClass().getClassLoader(),
      new Class<?>[] {Stores.class}, (p, m, a) -> {
        Object real = call(m, stores, a);
        Class<?> type = m.getName().equals("leads") ? LeadStore.class
            : m.getName().equals("cases") ? CaseStore.class : null;
        if (type == null) {
          return real;
        }
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, (p2, m2, a2) -> {
          Runnable r = before.remove(m.getName() + "." + m2.getName());
          if (r != null) {
            r.run();
          }
          return call(m2, real, a2);
        });
      });
  private final SocialCrm crm = SocialCrm.builder().stores(hooked).intakeRouter(BY_OFFER).build();

  private static Interaction message(String id, String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, id).thread("chat-jh").author("juergen", null).text(text)
        .occurredAt(T0).build();
  }

  @Test
  void aCaseOpenedWhileTheLeadWasStarted_takesBothMessages() {
    IngestResult[] question = new IngestResult[1];
    before.put("leads.create", () -> question[0] = crm.ingest(message("frage", "Wann kommt der Techniker?")));

    IngestResult offer = crm.ingest(message("angebot", "Bitte ein Angebot für Glasfaser."));

    assertThat(stores.leads().findOpenByThread(ChannelId.TELEGRAM, "chat-jh")).isEmpty();
    assertThat(offer.leadId()).isNull();
    assertThat(offer.caseId()).isEqualTo(question[0].caseId());
    assertThat(stores.cases().find(offer.caseId()).orElseThrow().interactions()).extracting(i -> i.value())
        .containsExactly("telegram:frage", "telegram:angebot");
  }

  @Test
  void aLeadStartedWhileTheCaseWasOpened_takesBothMessages() {
    IngestResult[] offer = new IngestResult[1];
    before.put("cases.create", () -> offer[0] = crm.ingest(message("angebot", "Bitte ein Angebot für Glasfaser.")));

    IngestResult question = crm.ingest(message("frage", "Wann kommt der Techniker?"));

    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "chat-jh")).isEmpty();
    assertThat(question.caseId()).isNull();
    assertThat(question.leadId()).isEqualTo(offer[0].leadId());
    assertThat(stores.leads().find(question.leadId()).orElseThrow().interactions()).extracting(i -> i.value())
        .containsExactly("telegram:angebot", "telegram:frage");
  }
}
