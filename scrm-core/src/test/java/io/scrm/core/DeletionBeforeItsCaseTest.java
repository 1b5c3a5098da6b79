package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.InteractionDeleted;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.Priority;
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.EarlyDeletionStore;
import io.scrm.core.store.InteractionStore;
import io.scrm.core.store.LeadStore;
import io.scrm.core.store.StoreException;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A deletion heard while its message is stored but not yet in a case (a delivery that failed between
 * the two writes, or one still running on another instance) reaches the case's audit when the case
 * comes, with one {@link InteractionDeleted} event.
 */
final class DeletionBeforeItsCaseTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
  private static final InteractionId ID = InteractionId.of(ChannelId.TELEGRAM, "c1:1");

  private final MutableClock clock = new MutableClock(T0);
  private final Stores stores = Stores.inMemory();
  private final List<CrmEvent> events = new CopyOnWriteArrayList<>();

  private static Interaction telegram() {
    return Interaction.inbound(ChannelId.TELEGRAM, "c1:1").thread("c1").author("1001", "Jürgen Hoffmann")
        .text("Mein Router ist immer noch nicht da").occurredAt(T0).build();
  }

  private SocialCrm engine(Stores on) {
    SocialCrm engine = SocialCrm.builder().clock(clock).stores(on).build();
    engine.events().subscribeAll(events::add);
    return engine;
  }

  /** An engine on {@code on} that routes every message to sales as a lead. */
  private SocialCrm salesEngine(Stores on) {
    SocialCrm sales = SocialCrm.builder().clock(clock).stores(on).intakeRouter((m, c) ->
        new IntakeDecision(IntakeDecision.Target.LEAD, CaseType.QUESTION, Priority.NORMAL, "vertrieb", null,
            10, List.of(), "rule vertrieb")).build();
    sales.events().subscribeAll(events::add);
    return sales;
  }

  private static final class StoreDown extends StoreException {
    private static final long serialVersionUID = 1L;

    StoreDown() {
      super("store unavailable");
    }
  }

  private static @Nullable Object invoke(Method method, Object target, Object @Nullable [] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  /** A store call run in place of another: it returns what the real call returns, or throws. */
  @FunctionalInterface
  private interface Around {
    @Nullable Object call(Method method, Object real, Object @Nullable [] args) throws Throwable;
  }

  /** The stores, with {@code around} wrapped about every call of the store {@code accessor} returns. */
  private Stores wrapping(String accessor, Class<?> type, boolean inProcess, Around around) {
    return (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> {
          if (method.getName().equals("inProcess")) {
            return inProcess;
          }
          Object real = invoke(method, stores, args);
          if (!method.getName().equals(accessor)) {
            return real;
          }
          return Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {type},
              (p, m, a) -> around.call(m, real, a));
        });
  }

  /** The stores, with {@code action} run once, just before the first case is created. */
  private Stores beforeTheFirstCase(Runnable action) {
    AtomicBoolean done = new AtomicBoolean();
    return wrapping("cases", CaseStore.class, true, (m, real, a) -> {
      if (m.getName().equals("create") && done.compareAndSet(false, true)) {
        action.run();
      }
      return invoke(m, real, a);
    });
  }

  private long deletedEntries() {
    return stores.cases().findByInteraction(ID).orElseThrow().audit().stream()
        .map(AuditEntry::action).filter("MESSAGE_DELETED"::equals).count();
  }

  private List<CrmEvent> deletedEvents() {
    return events.stream().filter(InteractionDeleted.class::isInstance).toList();
  }

  @Test
  void anEarlyDeletion_ofAMessageWhoseCaseCameOnlyWithItsNextDelivery_reachesTheCase() {
    AtomicBoolean casesDown = new AtomicBoolean(true);
    SocialCrm engine = engine(wrapping("cases", CaseStore.class, true, (m, real, a) -> {
      if (m.getName().equals("create") && casesDown.get()) {
        throw new StoreDown();
      }
      return invoke(m, real, a);
    }));
    assertThat(engine.markDeleted(ID, T0)).isFalse();

    assertThatThrownBy(() -> engine.ingest(telegram())).isInstanceOf(StoreDown.class);
    casesDown.set(false);
    engine.ingest(telegram());

    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEntries()).isEqualTo(1);
    assertThat(deletedEvents()).singleElement().isEqualTo(new InteractionDeleted(T0, ID, T0));
    assertThat(stores.earlyDeletions().find(ID, T0)).as("forgotten once recorded").isEmpty();
  }

  @Test
  void anEarlyDeletion_takenUpByADeliveryOnAnotherInstanceBeforeTheFirstOpenedTheCase_reachesTheCase() {
    SocialCrm hearsDeletion = engine(stores);
    SocialCrm second = engine(stores);
    AtomicBoolean raced = new AtomicBoolean();
    SocialCrm first = engine(beforeTheFirstCase(() -> {
      // the message is stored, its case not yet: the platform's retry reaches another instance
      raced.set(true);
      second.ingest(telegram());
    }));
    assertThat(hearsDeletion.markDeleted(ID, T0)).isFalse();

    first.ingest(telegram());

    assertThat(raced).isTrue();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEntries()).isEqualTo(1);
    assertThat(deletedEvents()).hasSize(1);
  }

  @Test
  void markDeleted_whileItsMessageIsStoredButNotYetInACase_isRecordedWithTheCase() {
    SocialCrm hearsDeletion = engine(stores);
    boolean[] returned = new boolean[1];
    SocialCrm first = engine(beforeTheFirstCase(() -> returned[0] = hearsDeletion.markDeleted(ID, T0)));

    first.ingest(telegram());

    assertThat(returned[0]).as("kept for what the delivery attaches it to").isFalse();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEntries()).isEqualTo(1);
    assertThat(deletedEvents()).as("published once, with the case's record")
        .singleElement().isEqualTo(new InteractionDeleted(T0, ID, T0));
    assertThat(hearsDeletion.markDeleted(ID, T0.plusSeconds(1))).as("recorded before").isFalse();
    assertThat(deletedEvents()).hasSize(1);
  }

  @Test
  void withDatabaseStores_anEarlyDeletionNotRecordedWithItsMessage_isRecordedAtItsNextDelivery() {
    AtomicBoolean updatesFail = new AtomicBoolean();
    SocialCrm engine = engine(wrapping("interactions", InteractionStore.class, false, (m, real, a) -> {
      if (m.getName().equals("update") && updatesFail.get()) {
        throw new StoreDown();
      }
      return invoke(m, real, a);
    }));
    engine.markDeleted(ID, T0);
    updatesFail.set(true);
    engine.ingest(telegram());
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isNull();

    updatesFail.set(false);
    engine.ingest(telegram());

    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).as("recorded at the next delivery")
        .isEqualTo(T0);
    assertThat(deletedEntries()).isEqualTo(1);
  }

  @Test
  void theDeletionOfAMessageALeadHolds_isRecordedAtOnce_andNotKeptForACase() {
    SocialCrm sales = salesEngine(stores);
    assertThat(sales.ingest(telegram()).leadId()).isNotNull();

    assertThat(sales.markDeleted(ID, T0)).isTrue();

    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEvents()).hasSize(1);
    assertThat(stores.earlyDeletions().find(ID, T0)).as("nothing left for a case").isEmpty();
    assertThat(sales.markDeleted(ID, T0)).isFalse();
    assertThat(deletedEvents()).hasSize(1);
  }

  @Test
  void aRepeatHeardAfterTheMessageCame_keepsTheTimeOfTheDeletionHeardFirst() {
    SocialCrm hearsDeletion = engine(stores);
    boolean[] repeated = new boolean[1];
    SocialCrm first = engine(beforeTheFirstCase(() -> {
      // the platform repeats the deletion, now with the time it was heard again
      repeated[0] = hearsDeletion.markDeleted(ID, T0.plusSeconds(90));
    }));
    assertThat(hearsDeletion.markDeleted(ID, T0)).isFalse();

    first.ingest(telegram());

    assertThat(repeated[0]).as("kept for the case the delivery attaches").isFalse();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEntries()).isEqualTo(1);
    assertThat(deletedEvents()).singleElement().isEqualTo(new InteractionDeleted(T0, ID, T0));
  }

  @Test
  void markDeleted_whileItsMessageIsStoredButNotYetInALead_publishesInteractionDeletedOnce() {
    SocialCrm hearsDeletion = engine(stores);
    AtomicBoolean done = new AtomicBoolean();
    boolean[] returned = new boolean[1];
    // the deletion is heard while the message is stored, before the lead that takes it is created
    Stores racing = wrapping("leads", LeadStore.class, true, (m, real, a) -> {
      if (m.getName().equals("create") && done.compareAndSet(false, true)) {
        returned[0] = hearsDeletion.markDeleted(ID, T0);
      }
      return invoke(m, real, a);
    });
    SocialCrm sales = salesEngine(racing);

    assertThat(sales.ingest(telegram()).leadId()).isNotNull();

    assertThat(done).isTrue();
    assertThat(returned[0]).as("kept for what the delivery attaches it to").isFalse();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(stores.earlyDeletions().find(ID, T0)).isEmpty();
    assertThat(deletedEvents()).as("as when the lead held it first: one InteractionDeleted")
        .singleElement().isEqualTo(new InteractionDeleted(T0, ID, T0));
  }

  @Test
  void theDeletionOfASentReplyThatNoCaseHolds_isPublished_andNotKeptForADeliveryThatNeverComes() {
    AtomicBoolean caseUpdatesFail = new AtomicBoolean();
    SocialCrm engine = engine(wrapping("cases", CaseStore.class, true, (m, real, a) -> {
      if (m.getName().equals("update") && caseUpdatesFail.get()) {
        throw new StoreDown();
      }
      return invoke(m, real, a);
    }));
    IngestResult asked = engine.ingest(telegram());
    engine.reply(asked.caseId(), io.scrm.core.model.Actor.agent("anna"), "Er ist unterwegs.");
    // the platform accepted the reply; its case could not be written (markSent logs it and goes on)
    caseUpdatesFail.set(true);
    engine.outbox().claim(10, java.time.Duration.ofMinutes(1))
        .forEach(m -> engine.outbox().markSent(m, "c1:2"));
    caseUpdatesFail.set(false);
    InteractionId reply = InteractionId.of(ChannelId.TELEGRAM, "c1:2");
    assertThat(stores.interactions().find(reply)).as("the sent reply is stored").isPresent();
    assertThat(stores.cases().findByInteraction(reply)).as("but no case holds it").isEmpty();

    // the business deletes its reply in the chat (Telegram reports the business's own messages too)
    engine.markDeleted(reply, T0.plusSeconds(60));

    assertThat(stores.interactions().find(reply).orElseThrow().deletedAt()).isEqualTo(T0.plusSeconds(60));
    assertThat(deletedEvents()).as("no ingest will ever attach an outbound reply").hasSize(1);
    assertThat(stores.earlyDeletions().find(reply, T0)).as("not kept for 48 hours").isEmpty();
  }

  @Test
  void anEarlyDeletionOfALeadsMessage_repeatedOnAnotherInstanceWhileTheDeliveryRecordsIt_isPublishedOnce() {
    SocialCrm hearsDeletion = engine(stores);
    SocialCrm hearsRepeat = engine(stores);
    assertThat(hearsDeletion.markDeleted(ID, T0)).isFalse();
    AtomicBoolean done = new AtomicBoolean();
    // the delivery has marked the lead's message and is about to forget the kept deletion; the
    // platform's repeat of the deletion reaches another instance just then
    Stores racing = wrapping("earlyDeletions", io.scrm.core.store.EarlyDeletionStore.class, true, (m, real, a) -> {
      if (m.getName().equals("forget") && done.compareAndSet(false, true)) {
        hearsRepeat.markDeleted(ID, T0.plusSeconds(30));
      }
      return invoke(m, real, a);
    });
    SocialCrm sales = salesEngine(racing);

    assertThat(sales.ingest(telegram()).leadId()).isNotNull();

    assertThat(done).isTrue();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEvents()).as("once per message, a lead's too").hasSize(1);
  }

  @Test
  void aLeadsMessageMarkedByItsDelivery_whoseKeptDeletionExpiresBeforeItIsForgotten_isStillPublished() {
    SocialCrm hearsDeletion = engine(stores);
    assertThat(hearsDeletion.markDeleted(ID, T0)).isFalse();
    // the message comes just inside the 48 hours; between the delivery's look-up and its forget,
    // another deletion heard (of any message) drops the entry, expired by then, as remember may
    clock.set(T0.plus(Duration.ofHours(48)).minusSeconds(1));
    AtomicBoolean done = new AtomicBoolean();
    Stores racing = wrapping("earlyDeletions", EarlyDeletionStore.class, true, (m, real, a) -> {
      if (m.getName().equals("forget") && done.compareAndSet(false, true)) {
        clock.set(T0.plus(Duration.ofHours(48)).plusSeconds(1));
        ((EarlyDeletionStore) real).remember(InteractionId.of(ChannelId.TELEGRAM, "c9:9"), clock.instant(),
            clock.instant());
      }
      return invoke(m, real, a);
    });
    SocialCrm sales = salesEngine(racing);

    assertThat(sales.ingest(telegram()).leadId()).isNotNull();
    hearsDeletion.markDeleted(ID, T0.plusSeconds(5)); // the platform's repeat

    assertThat(done).isTrue();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEvents()).as("the message was marked, so its deletion is published once").hasSize(1);
  }

  @Test
  void aDeletionHeardTwiceWhileALeadsMessageIsIngested_isPublishedOnce() {
    SocialCrm sales = salesEngine(stores);
    SocialCrm second = engine(stores);
    AtomicBoolean done = new AtomicBoolean();
    // instance 1 hears the deletion, finds no message and is about to keep it; meanwhile the
    // delivery stores the lead's message and the platform's repeat reaches instance 2
    SocialCrm first = engine(wrapping("earlyDeletions", EarlyDeletionStore.class, true, (m, real, a) -> {
      if (m.getName().equals("remember") && done.compareAndSet(false, true)) {
        assertThat(sales.ingest(telegram()).leadId()).isNotNull();
        second.markDeleted(ID, T0);
      }
      return invoke(m, real, a);
    }));

    boolean firstRecorded = first.markDeleted(ID, T0);

    assertThat(done).isTrue();
    assertThat(stores.interactions().find(ID).orElseThrow().deletedAt()).isEqualTo(T0);
    assertThat(deletedEvents()).as("once per message, a lead's too").hasSize(1);
    assertThat(firstRecorded).as("recorded before, by the second instance").isFalse();
  }
}
