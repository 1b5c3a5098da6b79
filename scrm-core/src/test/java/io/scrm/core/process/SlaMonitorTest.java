package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.SlaBreached;
import io.scrm.core.event.SlaWarning;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.CaseStore;
import io.scrm.core.store.StoreException;
import io.scrm.core.store.Stores;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class SlaMonitorTest {
  private static final Actor ANNA = Actor.agent("anna");
  private static final Actor KAI = Actor.customer(ContactId.of("kai"));
  private static final BusinessCalendar OFFICE = BusinessCalendar.builder(ZoneId.of("Europe/Berlin"))
      .weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0)).build();
  private static final SlaPolicy OFFICE_POLICY = new SlaPolicy("office", Duration.ofHours(4), Duration.ofHours(2),
      Duration.ofHours(16), 0.8, OFFICE);
  private static final SlaPolicy FAST = new SlaPolicy("fast", Duration.ofMinutes(30), Duration.ofHours(1),
      Duration.ofHours(8), 0.5, BusinessCalendar.twentyFourSeven(ZoneOffset.UTC));

  @Test
  void waitingOnCustomer_pausesClocksAcrossTheNight_andReplyResumesThem() {
    Instant monday16 = Instant.parse("2026-11-23T15:00:00Z");
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(OFFICE_POLICY).build()), monday16);
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.clock.set(Instant.parse("2026-11-23T16:00:00Z"));
    f.crm.apply(id, CaseCommand.askCustomer("a", ANNA, null));

    f.clock.set(Instant.parse("2026-11-24T08:30:00Z"));
    SlaStatus waiting = f.crm.slaStatus(id);
    assertThat(waiting.anyRunning()).isFalse();
    assertThat(waiting.clock(SlaClockType.RESOLUTION).phase()).isEqualTo(SlaPhase.PAUSED);
    assertThat(waiting.clock(SlaClockType.RESOLUTION).elapsed()).isEqualTo(Duration.ofHours(1));

    f.clock.set(Instant.parse("2026-11-24T09:00:00Z"));
    f.crm.apply(id, CaseCommand.customerReplied("m", KAI, null));
    f.clock.set(Instant.parse("2026-11-24T11:00:00Z"));
    SlaStatus resumed = f.crm.slaStatus(id);
    SlaClock first = resumed.clock(SlaClockType.FIRST_RESPONSE);
    assertThat(first.phase()).isEqualTo(SlaPhase.RUNNING);
    assertThat(first.elapsed()).isEqualTo(Duration.ofHours(3));
    assertThat(first.warning()).isFalse();
    assertThat(first.dueAt()).isEqualTo(Instant.parse("2026-11-24T12:00:00Z"));

    f.clock.set(Instant.parse("2026-11-24T11:30:00Z"));
    assertThat(f.crm.slaStatus(id).clock(SlaClockType.FIRST_RESPONSE).warning()).isTrue();
  }

  @Test
  void runningAcrossTheNight_countsOnlyOfficeHours() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(OFFICE_POLICY).build()),
        Instant.parse("2026-11-23T16:00:00Z"));
    CaseId id = f.open();
    f.clock.set(Instant.parse("2026-11-24T09:00:00Z"));
    assertThat(f.crm.slaStatus(id).clock(SlaClockType.RESOLUTION).elapsed()).isEqualTo(Duration.ofHours(2));
  }

  @Test
  void answer_meetsFirstResponse_andStartsKeepInformed_resolveStopsEverything() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.clock.advance(Duration.ofMinutes(10));
    f.answer(id);
    f.clock.advance(Duration.ofMinutes(20));

    SlaStatus s = f.crm.slaStatus(id);
    assertThat(s.clock(SlaClockType.FIRST_RESPONSE).phase()).isEqualTo(SlaPhase.MET);
    assertThat(s.clock(SlaClockType.FIRST_RESPONSE).breached()).isFalse();
    assertThat(s.clock(SlaClockType.KEEP_INFORMED).elapsed()).isEqualTo(Duration.ofMinutes(20));
    assertThat(s.clock(SlaClockType.KEEP_INFORMED).running()).isTrue();

    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    f.clock.advance(Duration.ofHours(30));
    SlaStatus resolved = f.crm.slaStatus(id);
    assertThat(resolved.anyRunning()).isFalse();
    assertThat(resolved.clock(SlaClockType.RESOLUTION).phase()).isEqualTo(SlaPhase.MET);
    assertThat(resolved.clock(SlaClockType.RESOLUTION).breached()).isFalse();
  }

  @Test
  void status_isAPureFunctionOfCasePolicyAndTime() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    f.clock.advance(Duration.ofMinutes(40));
    Case c = f.crm.findCase(id).orElseThrow();
    Instant at = f.clock.instant();
    ProcessDefinition p = f.crm.process();

    assertThat(SlaMonitor.status(c, p, FAST, at)).isEqualTo(SlaMonitor.status(c, p, FAST, at))
        .isEqualTo(f.crm.slaStatus(id));
  }

  @Test
  void tick_reportsWarningAndBreachOnce_andEscalationPolicyActs() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build())
        .escalationPolicy(EscalationPolicy.onBreach("teamlead")));
    CaseId id = f.open();
    f.clock.advance(Duration.ofMinutes(20));
    List<CrmEvent> warned = f.crm.tick();
    assertThat(warned).hasSize(1).first().isInstanceOf(SlaWarning.class);
    assertThat(f.crm.tick()).isEmpty();

    f.clock.advance(Duration.ofMinutes(15));
    List<CrmEvent> breached = f.crm.tick();
    assertThat(breached).hasOnlyElementsOfType(SlaBreached.class).hasSize(1);
    assertThat(((SlaBreached) breached.get(0)).clock()).isEqualTo(SlaClockType.FIRST_RESPONSE);
    assertThat(f.crm.tick()).isEmpty();

    Case escalated = f.crm.findCase(id).orElseThrow();
    assertThat(escalated.escalationLevel()).isEqualTo(1);
    assertThat(escalated.priority()).isEqualTo(Priority.HIGH);
    assertThat(escalated.assignee()).isEqualTo("teamlead");
  }

  /** What was reported of a case is forgotten when it ends: the monitor's memory follows the open cases. */
  @Test
  void tick_aClosedCasesReportsAreForgotten() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    Actor anna = Actor.agent("anna");
    CaseId id = f.open();
    f.clock.advance(Duration.ofMinutes(40));
    assertThat(f.crm.tick()).isNotEmpty();
    assertThat(f.crm.sla().remembered()).isEqualTo(1);

    f.crm.apply(id, CaseCommand.triage("t", anna, "service", null));
    f.crm.apply(id, CaseCommand.start("s", anna));
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", anna, null));
    assertThat(f.crm.sla().remembered()).as("resolved, the case may still be reopened").isEqualTo(1);
    f.crm.apply(id, CaseCommand.close("c", anna));

    assertThat(f.crm.sla().remembered()).isZero();
    assertThat(f.crm.tick()).isEmpty();
  }

  @Test
  void tick_keepInformedCycle_restartsWithEachAnswer() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.clock.advance(Duration.ofMinutes(61));
    assertThat(f.crm.tick()).filteredOn(SlaBreached.class::isInstance).hasSize(1);
    f.answer(id);
    assertThat(f.crm.slaStatus(id).clock(SlaClockType.KEEP_INFORMED).breached()).isFalse();
    f.clock.advance(Duration.ofMinutes(61));
    assertThat(f.crm.tick()).filteredOn(SlaBreached.class::isInstance).hasSize(1);
  }

  @Test
  void tick_aStoreFailureWhileEscalatingOneCase_losesNeitherTheOtherCasesBreachNorItsOwn() {
    AtomicBoolean failNextEscalation = new AtomicBoolean(true);
    Stores stores = failingEscalations(Stores.inMemory(), failNextEscalation);
    Fixture f = new Fixture(SocialCrm.builder().stores(stores).slaPolicies(SlaPolicies.builder(FAST).build())
        .escalationPolicy(EscalationPolicy.onBreach(null)));
    List<CrmEvent> published = new CopyOnWriteArrayList<>();
    f.crm.events().subscribe(SlaWarning.class, published::add);
    f.crm.events().subscribe(SlaBreached.class, published::add);
    CaseId first = f.open();
    CaseId second = f.open();
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(f.crm.tick()).hasSize(2).allMatch(SlaWarning.class::isInstance);
    f.clock.advance(Duration.ofMinutes(11));
    assertThat(f.crm.tick()).filteredOn(SlaBreached.class::isInstance).hasSize(2);
    assertThat(failNextEscalation).as("the first escalation failed").isFalse();

    assertThat(f.crm.findCase(first).orElseThrow().escalationLevel()
        + f.crm.findCase(second).orElseThrow().escalationLevel()).as("the other case's breach escalated").isEqualTo(1);
    f.clock.advance(Duration.ofMinutes(1));
    f.crm.tick();
    assertThat(List.of(first, second)).as("the failed one tried again on the next tick, the other escalated once")
        .allSatisfy(id -> assertThat(f.crm.findCase(id).orElseThrow().escalationLevel()).isEqualTo(1));
    assertThat(published).as("each warning and breach published once; only the reaction was tried again")
        .hasSize(4);
  }

  /** Stores whose case store fails the next update that records an escalation, once. */
  private static Stores failingEscalations(Stores real, AtomicBoolean failNext) {
    CaseStore cases = (CaseStore) Proxy.newProxyInstance(CaseStore.class.getClassLoader(),
        new Class<?>[] {CaseStore.class}, (proxy, method, args) -> {
          if (method.getName().equals("update") && args[0] instanceof Case c
              && c.audit().get(c.audit().size() - 1).action().equals("ESCALATE") && failNext.getAndSet(false)) {
            throw new StoreException("database unavailable") {
              private static final long serialVersionUID = 1L;
            };
          }
          return invoke(method, real.cases(), args);
        });
    return (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> method.getName().equals("cases") ? cases : invoke(method, real, args));
  }

  private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  @Test
  void tick_caseReopenedAfterItsBreach_doesNotReportTheSameResolutionCycleAgain() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, "service", null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.clock.advance(Duration.ofHours(9));
    assertThat(f.crm.tick()).filteredOn(SlaBreached.class::isInstance)
        .extracting(e -> ((SlaBreached) e).clock()).contains(SlaClockType.RESOLUTION);
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    Case closed = f.crm.apply(id, CaseCommand.close("c", ANNA)).stored();
    f.clock.advance(Duration.ofDays(1));

    f.crm.ingest(Interaction.inbound(ChannelId.MASTODON, "again-1").thread(closed.originThread())
        .author("kai@koeln.social", null).text("Schon wieder kein Netz").occurredAt(f.clock.instant())
        .visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build());
    assertThat(f.crm.findCase(id).orElseThrow().open()).as("reopened by Kai").isTrue();

    assertThat(f.crm.tick()).as("the resolution cycle from %s was reported before the case closed",
            closed.openedAt())
        .noneMatch(e -> e instanceof SlaBreached b && b.clock() == SlaClockType.RESOLUTION)
        .noneMatch(e -> e instanceof SlaWarning w && w.clock() == SlaClockType.RESOLUTION);
  }

  @Test
  void slaStatusAndTick_resolutionGoalOfMonthsOnAnOfficeCalendar_areComputed() {
    // 300 days of office hours span more than three calendar years
    SlaPolicy claims = new SlaPolicy("claims", Duration.ofHours(8), Duration.ofDays(5), Duration.ofDays(300), 0.8,
        OFFICE);
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(claims).build()));
    CaseId id = f.open();

    SlaClock resolution = f.crm.slaStatus(id).clock(SlaClockType.RESOLUTION);
    assertThat(OFFICE.between(f.clock.instant(), resolution.dueAt())).isEqualTo(Duration.ofDays(300));
    assertThat(f.crm.tick()).isEmpty();
  }

  @Test
  void keepInformed_theCustomersMessageAfterTheirHandleWasLinked_restartsIt() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build())
        .consentPolicy(q -> new ConsentDecision(true, "test allows", "GDPR Art. 6(1)(a)", "consent-1", null)));
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.clock.advance(Duration.ofMinutes(40));
    ContactId customer = ContactId.of("customer-kai");
    f.crm.stores().contacts().create(Contact.builder(customer, f.clock.instant()).build());
    assertThat(f.crm.linkIdentity(IdentityKey.of(ChannelId.MASTODON, "kai@koeln.social"), customer, ANNA)
        .allowed()).isTrue();
    Case c = f.crm.findCase(id).orElseThrow();
    assertThat(f.crm.ingest(Interaction.inbound(ChannelId.MASTODON, "kai-2").thread(c.originThread())
        .author("kai@koeln.social", "Kai").text("Ich warte noch").occurredAt(f.clock.instant())
        .visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build()).caseId()).isEqualTo(id);
    f.clock.advance(Duration.ofMinutes(30));

    assertThat(f.crm.slaStatus(id).clock(SlaClockType.KEEP_INFORMED).elapsed())
        .as("Kai's message restarted the keep-informed clock").isEqualTo(Duration.ofMinutes(30));
  }

  /** The clocks at an earlier instant are those of that instant: what happened later does not count. */
  @Test
  void status_atAnEarlierInstant_ignoresWhatHappenedAfterIt() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    Instant opened = f.clock.instant();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.clock.advance(Duration.ofMinutes(20));
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    Case c = f.crm.findCase(id).orElseThrow();

    SlaStatus tenMinutesIn = SlaMonitor.status(c, f.crm.process(), FAST, opened.plus(Duration.ofMinutes(10)));
    assertThat(tenMinutesIn.clock(SlaClockType.FIRST_RESPONSE).phase()).isEqualTo(SlaPhase.RUNNING);
    assertThat(tenMinutesIn.clock(SlaClockType.FIRST_RESPONSE).elapsed()).isEqualTo(Duration.ofMinutes(10));
    assertThat(tenMinutesIn.clock(SlaClockType.RESOLUTION).phase()).isEqualTo(SlaPhase.RUNNING);
    assertThat(tenMinutesIn.clock(SlaClockType.KEEP_INFORMED).phase()).isEqualTo(SlaPhase.NOT_STARTED);
    SlaStatus now = SlaMonitor.status(c, f.crm.process(), FAST, f.clock.instant());
    assertThat(now.clock(SlaClockType.FIRST_RESPONSE).phase()).isEqualTo(SlaPhase.MET);
    assertThat(now.clock(SlaClockType.RESOLUTION).phase()).isEqualTo(SlaPhase.MET);
  }

  /** A clock at exactly its goal has met it: the tick and the status agree. */
  @Test
  void firstResponse_answeredAtExactlyTheGoal_isNotBreached() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.clock.advance(Duration.ofMinutes(30));
    assertThat(f.crm.tick()).noneMatch(SlaBreached.class::isInstance);
    f.answer(id);
    assertThat(f.crm.slaStatus(id).clock(SlaClockType.FIRST_RESPONSE).breached()).isFalse();
    f.clock.advance(Duration.ofNanos(1));
    assertThat(f.crm.tick()).noneMatch(e -> e instanceof SlaBreached b && b.clock() == SlaClockType.FIRST_RESPONSE);

    CaseId late = f.open();
    f.clock.advance(Duration.ofMinutes(30).plusNanos(1));
    assertThat(f.crm.tick()).anyMatch(e -> e instanceof SlaBreached b && b.caseId().equals(late)
        && b.clock() == SlaClockType.FIRST_RESPONSE);
  }

  /**
   * A tick working from a list of open cases taken before one of them was closed publishes nothing of
   * that case again, and keeps nothing of it.
   */
  @Test
  void tick_caseClosedAfterTheTickListedIt_isNotReportedAgain() throws Exception {
    CountDownLatch listed = new CountDownLatch(1);
    CountDownLatch closed = new CountDownLatch(1);
    AtomicBoolean pauseAfterListing = new AtomicBoolean();
    Stores real = Stores.inMemory();
    CaseStore cases = (CaseStore) Proxy.newProxyInstance(CaseStore.class.getClassLoader(),
        new Class<?>[] {CaseStore.class}, (proxy, method, args) -> {
          Object result = invoke(method, real.cases(), args);
          if (method.getName().equals("findOpen") && pauseAfterListing.getAndSet(false)) {
            listed.countDown();
            closed.await(5, TimeUnit.SECONDS);
          }
          return result;
        });
    Stores stores = (Stores) Proxy.newProxyInstance(Stores.class.getClassLoader(), new Class<?>[] {Stores.class},
        (proxy, method, args) -> method.getName().equals("cases") ? cases : invoke(method, real, args));
    Fixture f = new Fixture(SocialCrm.builder().stores(stores).slaPolicies(SlaPolicies.builder(FAST).build()));
    List<CrmEvent> published = new CopyOnWriteArrayList<>();
    f.crm.events().subscribe(SlaBreached.class, published::add);
    CaseId id = f.open();
    f.clock.advance(Duration.ofDays(1));
    f.crm.tick();
    int before = published.size();
    assertThat(before).isPositive();

    pauseAfterListing.set(true);
    Thread ticker = new Thread(f.crm::tick);
    ticker.start();
    assertThat(listed.await(5, TimeUnit.SECONDS)).isTrue();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.crm.apply(id, CaseCommand.resolve("r", ANNA, null));
    f.crm.apply(id, CaseCommand.close("c", ANNA));
    closed.countDown();
    ticker.join(5_000);

    assertThat(published).hasSize(before);
    assertThat(f.crm.sla().remembered()).isZero();
  }

  /** A tick that throws an error does not end the ticks after it. */
  @Test
  void scheduler_aTickThrowingAnError_goesOnTicking() throws Exception {
    AtomicInteger runs = new AtomicInteger();
    CountDownLatch three = new CountDownLatch(3);
    SlaScheduler scheduler = SlaScheduler.start(() -> {
      three.countDown();
      if (runs.incrementAndGet() == 1) {
        throw new AssertionError("a listener's assertion");
      }
    }, Duration.ofMillis(5));
    try {
      assertThat(three.await(5, TimeUnit.SECONDS)).as("ticks after the failing one ran; runs=%s", runs).isTrue();
    } finally {
      scheduler.close();
    }
  }

  /** A breach carries when the goal was reached; the status of a clock past its goal says so too. */
  @Test
  void tick_breach_carriesWhenTheGoalWasReached() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(FAST).build()));
    CaseId id = f.open();
    Instant opened = f.clock.instant();
    f.clock.advance(Duration.ofMinutes(20));
    assertThat(f.crm.tick()).singleElement().isInstanceOfSatisfying(SlaWarning.class,
        w -> assertThat(w.dueAt()).isEqualTo(opened.plus(Duration.ofMinutes(30))));
    f.clock.advance(Duration.ofMinutes(15));

    assertThat(f.crm.tick()).filteredOn(SlaBreached.class::isInstance).singleElement()
        .isInstanceOfSatisfying(SlaBreached.class,
            b -> assertThat(b.dueAt()).isEqualTo(opened.plus(Duration.ofMinutes(30))));
    assertThat(f.crm.slaStatus(id).clock(SlaClockType.FIRST_RESPONSE).dueAt())
        .isEqualTo(opened.plus(Duration.ofMinutes(30)));

    // paused for 2 h while waiting on the customer: the resolution goal (8 h of running time) is
    // reached 10 h after the opening
    f.crm.apply(id, CaseCommand.triage("t", ANNA, null, null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.crm.apply(id, CaseCommand.askCustomer("a", ANNA, null));
    f.clock.advance(Duration.ofHours(2));
    f.crm.apply(id, CaseCommand.customerReplied("cr", KAI, ChannelId.MASTODON));
    f.clock.advance(Duration.ofHours(8));
    SlaClock resolution = f.crm.slaStatus(id).clock(SlaClockType.RESOLUTION);
    assertThat(resolution.breached()).isTrue();
    assertThat(resolution.dueAt()).isEqualTo(opened.plus(Duration.ofHours(10)));
  }
}
