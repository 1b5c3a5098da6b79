package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.consent.CollectionMethod;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.ConsentLedgerStore;
import io.scrm.consent.ConsentRecord;
import io.scrm.consent.ConsentState;
import io.scrm.consent.ConsentType;
import io.scrm.consent.DataSubjectRequests;
import io.scrm.consent.DecisionLog;
import io.scrm.consent.DecisionRecord;
import io.scrm.consent.DoubleOptIn;
import io.scrm.consent.ErasureReport;
import io.scrm.consent.Evidence;
import io.scrm.consent.LedgerVerification;
import io.scrm.consent.Notice;
import io.scrm.consent.OptInRequest;
import io.scrm.core.ScrmJson;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PostgresConsentLedgerTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final Notice NOTICE = Notice.of("newsletter", 3, "de", "Ja, ich möchte den Newsletter erhalten.");
  private static final ContactId SABINE = ContactId.of("sabine");

  @BeforeEach
  void emptyLedger() throws SQLException {
    new PostgresConsentLedgerStore(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      // the append-only trigger also guards TRUNCATE-free tests: drop rows by re-creating the table content
      s.execute("ALTER TABLE scrm_consent_ledger DISABLE TRIGGER scrm_consent_ledger_append_only");
      s.execute("DELETE FROM scrm_consent_ledger");
      s.execute("ALTER TABLE scrm_consent_ledger ENABLE TRIGGER scrm_consent_ledger_append_only");
      s.execute("DELETE FROM scrm_consent_restriction");
      s.execute("DELETE FROM scrm_consent_decision");
    }
  }

  private static ConsentLedger ledger(Instant now) {
    return ConsentLedger.builder().clock(Clock.fixed(now, ZoneOffset.UTC))
        .store(new PostgresConsentLedgerStore(TestDatabase.dataSource())).build();
  }

  @Test
  void ledger_refusesU0000NamingTheField_asInMemory_beforeTheDatabaseSeesIt() {
    ConsentLedger ledger = ledger(T0);
    ContactId broken = ContactId.of("sabine\u0000");

    assertThatThrownBy(() -> ledger.grant(broken, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM,
        Actor.customer(broken), Evidence.builder().form("newsletter").build(), null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("subject must not contain the character U+0000");
    ledger.grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").build(), null);

    assertThat(ledger.history(broken)).isEmpty();
    assertThat(ledger.history(SABINE)).singleElement().satisfies(r -> assertThat(r.sequence()).isZero());
    assertThat(ledger.verify().intact()).isTrue();
  }

  @Test
  void ledger_grantAndWithdraw_onPostgres_decideAndVerify() {
    ConsentLedger ledger = ledger(T0);
    ledger.grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").ip("203.0.113.77").build(), null);
    ConsentLedger later = ledger(T0.plusSeconds(60));
    later.withdraw(SABINE, "marketing", ChannelId.X, CollectionMethod.WITHDRAWAL_LINK, Actor.customer(SABINE),
        Evidence.builder().page("https://example.de/abmelden").build());

    assertThat(later.current(SABINE, "marketing", ChannelId.X)).hasValueSatisfying(
        r -> assertThat(r.state()).isEqualTo(ConsentState.WITHDRAWN));
    assertThat(later.stateAt(SABINE, "marketing", ChannelId.X, T0.plusSeconds(30))).hasValueSatisfying(
        r -> assertThat(r.state()).isEqualTo(ConsentState.GIVEN));
    assertThat(later.history(SABINE)).hasSize(2);
    assertThat(later.verify().intact()).isTrue();
    ConsentGate gate = ConsentGate.builder(later).decisionLog(new PostgresDecisionLog(TestDatabase.dataSource()))
        .build();
    assertThat(gate.decide(SABINE, "marketing", ChannelId.X, ConsentAction.SEND_MARKETING, Actor.system("kampagne"),
        T0.plusSeconds(90)).allowed()).isFalse();
    assertThat(gate.decisionLog().entries(SABINE)).hasSize(1);
  }

  @Test
  void latestAndNewest_goByTheOrderOfAppending_notByTheTimesOfTwoInstancesClocks_asInMemory() {
    ConsentLedgerStore mem = ConsentLedgerStore.inMemory();
    ConsentLedgerStore store = new PostgresConsentLedgerStore(TestDatabase.dataSource());
    for (ConsentLedgerStore s : new ConsentLedgerStore[] {mem, store}) {
      ConsentLedger.builder().clock(Clock.fixed(T0, ZoneOffset.UTC)).store(s).build().grant(SABINE, "marketing",
          ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
          Evidence.builder().form("newsletter").build(), null);
      // an instance whose clock is two seconds behind records the withdrawal afterwards
      ConsentLedger.builder().clock(Clock.fixed(T0.minusSeconds(2), ZoneOffset.UTC)).store(s).build()
          .withdraw(SABINE, "marketing", ChannelId.X, CollectionMethod.WITHDRAWAL_LINK, Actor.customer(SABINE));
    }
    for (ConsentLedgerStore s : new ConsentLedgerStore[] {mem, store}) {
      assertThat(s.newest(SABINE, "marketing", ChannelId.X)).map(ConsentRecord::sequence).contains(1L);
      assertThat(s.newest(SABINE, "marketing", ChannelId.EMAIL)).isEmpty();
      assertThat(s.latest(SABINE, "marketing", ChannelId.X, T0)).map(ConsentRecord::sequence).contains(1L);
      assertThat(s.latest(SABINE, "marketing", ChannelId.X, T0.minusSeconds(1))).map(ConsentRecord::sequence)
          .contains(1L);
      assertThat(s.latest(SABINE, "marketing", ChannelId.X, T0.minusSeconds(3))).isEmpty();
    }
  }

  @Test
  void latest_findsTheEntryBeforeTheTime_whenFourEntriesFollowWithinTheSameMicrosecond_asInMemory() {
    ConsentLedgerStore mem = ConsentLedgerStore.inMemory();
    ConsentLedgerStore store = new PostgresConsentLedgerStore(TestDatabase.dataSource());
    for (ConsentLedgerStore s : new ConsentLedgerStore[] {mem, store}) {
      for (int nanos : new int[] {50, 500, 600, 700, 800}) {
        ConsentLedger.builder().clock(Clock.fixed(T0.plusNanos(nanos), ZoneOffset.UTC)).store(s).build()
            .grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
                Evidence.builder().form("newsletter").build(), null);
      }
    }
    Instant at = T0.plusNanos(100);
    assertThat(mem.latest(SABINE, "marketing", ChannelId.X, at)).map(ConsentRecord::sequence).contains(0L);

    assertThat(store.latest(SABINE, "marketing", ChannelId.X, at)).map(ConsentRecord::sequence).contains(0L);
    assertThat(store.latest(SABINE, "marketing", ChannelId.X, T0.plusNanos(650))).map(ConsentRecord::sequence)
        .contains(2L);
    assertThat(store.latest(SABINE, "marketing", ChannelId.X, T0.plusNanos(49))).isEmpty();
    assertThat(store.latest(SABINE, "marketing", ChannelId.X, T0.plusSeconds(1))).map(ConsentRecord::sequence)
        .contains(4L);
  }

  @Test
  void gate_deniesMarketing_afterAWithdrawalStampedByAnInstanceWhoseClockIsAhead() {
    ConsentLedger ledger = ledger(T0);
    DoubleOptIn optIn = DoubleOptIn.builder(ledger).build();
    OptInRequest request = optIn.request(SABINE, "marketing", ChannelId.X, NOTICE, Map.of(),
        Evidence.builder().form("newsletter").build());
    optIn.confirm(request.token(), Evidence.NONE);
    ConsentGate gate = ConsentGate.builder(ledger(T0.plusSeconds(1))).build();
    assertThat(gate.decide(SABINE, "marketing", ChannelId.X, ConsentAction.SEND_MARKETING, Actor.system("kampagne"),
        T0.plusSeconds(1)).allowed()).isTrue();

    ConsentRecord withdrawn = ledger(T0.plusSeconds(3)).withdraw(SABINE, "marketing", ChannelId.X,
        CollectionMethod.WITHDRAWAL_LINK, Actor.customer(SABINE));

    ConsentDecision d = gate.decide(SABINE, "marketing", ChannelId.X, ConsentAction.SEND_MARKETING,
        Actor.system("kampagne"), T0.plusSeconds(1));
    assertThat(d.allowed()).as(d.reason()).isFalse();
    assertThat(d.evidenceId()).isEqualTo(withdrawn.id());
  }

  @Test
  void ledgerRows_updateOrDelete_areRefusedByTheDatabase() throws SQLException {
    ledger(T0).grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").build(), null);
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertThatThrownBy(() -> s.execute("UPDATE scrm_consent_ledger SET purpose = 'tracking'"))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> s.execute("DELETE FROM scrm_consent_ledger")).hasMessageContaining("append-only");
    }
    assertThat(ledger(T0).history(SABINE)).singleElement().satisfies(r -> assertThat(r.purpose()).isEqualTo("marketing"));
  }

  @Test
  void erase_pseudonymisesAndRecordsTheErasureInOneStep_andTheChainVerifies() {
    ConsentLedger ledger = ledger(T0);
    ledger.grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").ip("203.0.113.77").build(), null);
    ledger.grant(ContactId.of("other"), "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM,
        Actor.customer(ContactId.of("other")), Evidence.builder().form("newsletter").build(), null);
    PostgresConsentLedgerStore store = new PostgresConsentLedgerStore(TestDatabase.dataSource());
    store.restrict(SABINE, true);
    ConsentGate gate = ConsentGate.builder(ledger).build();
    SocialCrm crm = SocialCrm.builder().consentPolicy(gate).build();

    ErasureReport report = DataSubjectRequests.of(crm, gate, null).erase(SABINE, Actor.agent("dpo"));

    assertThat(report.ledgerEntries()).isEqualTo(1);
    assertThat(store.history(SABINE)).isEmpty();
    assertThat(store.isRestricted(SABINE)).isFalse();
    List<ConsentRecord> kept = store.history(report.pseudonym());
    assertThat(kept).hasSize(2);
    assertThat(kept.get(0)).satisfies(r -> {
      assertThat(r.pseudonymised()).isTrue();
      assertThat(r.evidence()).isEqualTo(Evidence.NONE);
      assertThat(r.actor()).isEqualTo(Actor.customer(report.pseudonym()));
    });
    assertThat(kept.get(1)).satisfies(r -> {
      assertThat(r.sequence()).isEqualTo(2);
      assertThat(r.state()).isEqualTo(ConsentState.ERASED);
      assertThat(r.actor()).isEqualTo(Actor.agent("dpo"));
    });
    assertThat(ledger(T0).verify()).isEqualTo(new LedgerVerification(true, 3, -1));
  }

  @Test
  void erase_whenTheLedgerMovedOn_writesNothing() {
    ledger(T0).grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").build(), null);
    PostgresConsentLedgerStore store = new PostgresConsentLedgerStore(TestDatabase.dataSource());
    ConsentRecord stale = new ConsentRecord("consent-0", 0, ContactId.of("erased-1"), "data-subject-rights", 1,
        ConsentLedger.ALL_CHANNELS, ConsentState.ERASED, ConsentType.NOT_APPLICABLE, CollectionMethod.ERASURE,
        Actor.agent("dpo"), T0, null, null, Evidence.NONE, null, "a".repeat(64), ConsentRecord.GENESIS,
        "b".repeat(64), false);

    assertThatThrownBy(() -> store.erase(SABINE, stale)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("moved on");

    assertThat(store.size()).isEqualTo(1);
    assertThat(store.history(SABINE)).singleElement().satisfies(r -> assertThat(r.pseudonymised()).isFalse());
    assertThat(store.history(ContactId.of("erased-1"))).isEmpty();
    assertThat(ledger(T0).verify().intact()).isTrue();
  }

  @Test
  void verify_afterRowsWerePseudonymisedWithoutAnErasureEntry_reportsThemBroken_withoutThrowing() throws Exception {
    ConsentLedger ledger = ledger(T0);
    ledger.grant(ContactId.of("other"), "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM,
        Actor.customer(ContactId.of("other")), Evidence.builder().form("newsletter").build(), null);
    ledger.grant(SABINE, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(SABINE),
        Evidence.builder().form("newsletter").build(), null);
    // as an earlier build erased, and as anyone with write access can: the row rewritten in place
    ConsentRecord row = ledger.history(SABINE).get(0);
    try (Connection c = TestDatabase.dataSource().getConnection()) {
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.execute("SET LOCAL scrm.erasure = 'on'");
      }
      try (PreparedStatement ps = c.prepareStatement(
          "UPDATE scrm_consent_ledger SET subject = ?, doc = CAST(? AS jsonb) WHERE sequence = ?")) {
        ps.setString(1, "erased-1");
        ps.setString(2, ScrmJson.newObjectMapper().writeValueAsString(row.pseudonymisedAs(ContactId.of("erased-1"))));
        ps.setLong(3, row.sequence());
        assertThat(ps.executeUpdate()).isEqualTo(1);
      }
      c.commit();
    }

    assertThat(ledger(T0).verify()).isEqualTo(new LedgerVerification(false, 2, 1));
  }

  @Test
  void append_twoInstancesConcurrently_chainStaysWholeAndNothingIsLost() throws Exception {
    int perInstance = 20;
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CountDownLatch go = new CountDownLatch(1);
    List<Future<?>> futures = new ArrayList<>();
    for (int instance = 0; instance < 2; instance++) {
      int n = instance;
      futures.add(pool.submit(() -> {
        ConsentLedger ledger = ledger(T0.plusSeconds(n));
        go.await();
        for (int i = 0; i < perInstance; i++) {
          ContactId subject = ContactId.of("s" + n + "-" + i);
          ledger.grant(subject, "marketing", ChannelId.X, NOTICE, CollectionMethod.WEB_FORM, Actor.customer(subject),
              Evidence.builder().form("f").build(), null);
        }
        return null;
      }));
    }
    go.countDown();
    for (Future<?> f : futures) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    ConsentLedger reader = ledger(T0.plusSeconds(5));
    assertThat(new PostgresConsentLedgerStore(TestDatabase.dataSource()).size()).isEqualTo(2L * perInstance);
    assertThat(reader.verify().intact()).isTrue();
  }

  private static DecisionRecord refusal(String auditId, ContactId subject, Instant at) {
    return new DecisionRecord(auditId, at, subject, "marketing", ChannelId.X, ConsentAction.SEND_MARKETING,
        Actor.system("kampagne"), false, "no consent", null);
  }

  @Test
  void decisionLog_entriesOfOneInstant_comeInTheOrderAppended_asInMemory() {
    DecisionLog mem = DecisionLog.inMemory();
    DecisionLog log = new PostgresDecisionLog(TestDatabase.dataSource());
    for (DecisionLog l : new DecisionLog[] {mem, log}) {
      for (int i = 8; i <= 10; i++) { // the gate numbers its audit ids: decision-<gate>-<n>
        l.append(refusal("decision-ab12-" + i, SABINE, T0));
      }
      l.append(refusal("decision-ab12-11", SABINE, T0.plusSeconds(1)));
    }
    List<String> appended = List.of("decision-ab12-8", "decision-ab12-9", "decision-ab12-10", "decision-ab12-11");
    assertThat(mem.entries(SABINE)).extracting(DecisionRecord::auditId).isEqualTo(appended);

    assertThat(log.entries(SABINE)).extracting(DecisionRecord::auditId).isEqualTo(appended);
    log.pseudonymise(SABINE, ContactId.of("erased-1"));
    assertThat(log.entries(ContactId.of("erased-1"))).extracting(DecisionRecord::auditId).isEqualTo(appended);
  }
}
