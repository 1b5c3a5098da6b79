package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scrm.consent.DecisionLog;
import io.scrm.consent.DecisionRecord;
import io.scrm.core.IngestResult;
import io.scrm.core.ScrmJson;
import io.scrm.core.SocialCrm;
import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.DuplicateKeyException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RestartAndMigrationTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  private static HikariDataSource pool(EmbeddedPostgres pg) {
    HikariConfig config = new HikariConfig();
    config.setDataSource(pg.getPostgresDatabase());
    config.setMaximumPoolSize(4);
    return new HikariDataSource(config);
  }

  private static boolean tableExists(Connection c, String table) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
      Db.bind(ps, table);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        return rs.getBoolean(1);
      }
    }
  }

  @Test
  void restart_serverStoppedAndStartedOnSameData_stateAndPendingOutboxIntact(@TempDir Path dir) throws Exception {
    Path data = Files.createDirectories(dir.resolve("pgdata"));
    IngestResult before;
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        HikariDataSource ds = pool(pg)) {
      SocialCrm crm = SocialCrm.builder().stores(PostgresStores.builder().dataSource(ds).build()).build();
      before = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123")
          .author("juergen_hoffmann", "Jürgen Hoffmann").text("Router fehlt").occurredAt(T0).build());
      crm.reply(before.caseId(), Actor.agent("anna"), "Kommt morgen.");
      new PostgresPollCursorStore(ds).compareAndSet(ChannelId.TELEGRAM, null, "902115");
    }

    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().setDataDirectory(data).setCleanDataDirectory(false).start();
        HikariDataSource ds = pool(pg)) {
      PostgresStores stores = PostgresStores.builder().dataSource(ds).build();
      SocialCrm crm = SocialCrm.builder().stores(stores).build();

      assertThat(stores.schemaVersion()).isEqualTo(SchemaMigrations.MIGRATIONS.size());
      assertThat(crm.findCase(before.caseId()).orElseThrow().audit()).extracting(e -> e.action())
          .containsExactly("OPEN", "REPLY_QUEUED");
      assertThat(stores.outbox().findByStatus(OutboxStatus.PENDING)).singleElement()
          .satisfies(m -> assertThat(m.text()).isEqualTo("Kommt morgen."));
      assertThat(crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123")
          .author("juergen_hoffmann", null).text("Router fehlt").occurredAt(T0).build()).outcome())
          .as("de-duplication survives the restart").isEqualTo(IngestResult.Outcome.DUPLICATE);
      PostgresPollCursorStore cursors = new PostgresPollCursorStore(ds);
      assertThat(cursors.find(ChannelId.TELEGRAM)).as("the poll cursor survives the restart").contains("902115");
      assertThat(cursors.compareAndSet(ChannelId.TELEGRAM, "902115", "902116")).isTrue();
    }
  }

  @Test
  void migrate_repeatedAndConcurrentStarts_applyEachMigrationOnce() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      ExecutorService starts = Executors.newFixedThreadPool(3);
      CountDownLatch go = new CountDownLatch(1);
      List<Future<Integer>> applied = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        applied.add(starts.submit(() -> {
          go.await();
          return SchemaMigrations.migrate(db);
        }));
      }
      go.countDown();
      int total = 0;
      for (Future<Integer> f : applied) {
        total += f.get(60, TimeUnit.SECONDS);
      }
      starts.shutdown();

      assertThat(total).isEqualTo(SchemaMigrations.MIGRATIONS.size());
      assertThat(SchemaMigrations.migrate(db)).isZero();
      assertThat(PostgresStores.builder().dataSource(ds).build().schemaVersion())
          .isEqualTo(SchemaMigrations.MIGRATIONS.size());
    }
  }

  @Test
  void migrate_schemaBeforePollCursors_theCursorStoreAddsItsTableAndOlderDataStays() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db, 4);
      db.tx("old rows", c -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_routing_turn (team, next_turn) VALUES (?, ?)")) {
          Db.bind(ps, "support", 3L);
          return ps.executeUpdate();
        }
      });
      boolean before = db.read("poll cursor table", c -> tableExists(c, "scrm_poll_cursor"));
      assertThat(before).isFalse();

      PostgresPollCursorStore cursors = new PostgresPollCursorStore(ds);

      assertThat(PostgresStores.builder().dataSource(ds).build().schemaVersion())
          .isEqualTo(SchemaMigrations.MIGRATIONS.size());
      assertThat(cursors.find(ChannelId.MASTODON)).isEmpty();
      assertThat(cursors.compareAndSet(ChannelId.MASTODON, null, "110")).isTrue();
      assertThat(new PostgresRoutingState(ds).nextTurn("support")).isEqualTo(3L);
    }
  }

  @Test
  void migrate_outboxOfAnOlderSchema_getsItsConversationsSoPendingMessagesKeepTheirOrder() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db, 3);
      ObjectMapper json = ScrmJson.newObjectMapper();
      List<OutboundMessage> rows = List.of(
          OutboundMessage.pending(OutboundId.of("o-1"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, "88123", null,
              Visibility.PRIVATE, "Kommt morgen.", "service-reply", T0),
          OutboundMessage.pending(OutboundId.of("o-2"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, "88123", null,
              Visibility.PRIVATE, "Zwischen 8 und 12 Uhr.", "service-reply", T0.plusSeconds(1)),
          OutboundMessage.pending(OutboundId.of("o-3"), null, ContactId.of("c-2"), ChannelId.EMAIL, null, null,
              Visibility.PRIVATE, "Ihre Anfrage", "service-reply", T0.plusSeconds(2)));
      List<String> docs = new ArrayList<>();
      for (OutboundMessage m : rows) {
        docs.add(json.writeValueAsString(m.withVersion(1)));
      }
      db.tx("old rows", c -> {
        for (int i = 0; i < rows.size(); i++) {
          OutboundMessage m = rows.get(i);
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_outbox (id, idempotency_key, status, "
              + "recipient, created_at, next_attempt_at, version, doc) VALUES (?, ?, 'PENDING', ?, ?, ?, 1, "
              + "CAST(? AS jsonb))")) {
            Db.bind(ps, m.id().value(), m.idempotencyKey(), m.recipient().value(), m.createdAt(), m.nextAttemptAt(),
                docs.get(i));
            ps.executeUpdate();
          }
        }
        return null;
      });

      assertThat(SchemaMigrations.migrate(db)).isEqualTo(SchemaMigrations.MIGRATIONS.size() - 3);

      PostgresStores stores = PostgresStores.builder().dataSource(ds).build();
      assertThat(stores.outbox().findDue(T0.plusSeconds(10), 10)).extracting(m -> m.id().value())
          .as("o-2 waits for o-1 of the same chat").containsExactly("o-1", "o-3");
      stores.outbox().update(stores.outbox().find(OutboundId.of("o-1")).orElseThrow().sent("501"));
      assertThat(stores.outbox().findDue(T0.plusSeconds(10), 10)).extracting(m -> m.id().value())
          .containsExactly("o-2", "o-3");
    }
  }

  @Test
  void migrate_outboxOfAnOlderSchema_keepsTheNanosecondsOfItsCreationTimes() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db, 7);
      ObjectMapper json = ScrmJson.newObjectMapper();
      // one microsecond, two replies of one chat: "o-b" was created first
      List<OutboundMessage> rows = List.of(
          OutboundMessage.pending(OutboundId.of("o-b"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, "88123", null,
              Visibility.PRIVATE, "Kommt morgen.", "service-reply", T0.plusNanos(100)),
          OutboundMessage.pending(OutboundId.of("o-a"), null, ContactId.of("c-1"), ChannelId.TELEGRAM, "88123", null,
              Visibility.PRIVATE, "Zwischen 8 und 12 Uhr.", "service-reply", T0.plusNanos(900)));
      db.tx("old rows", c -> {
        for (OutboundMessage m : rows) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_outbox (id, idempotency_key, status, "
              + "recipient, created_at, next_attempt_at, conversation, version, doc) VALUES (?, ?, 'PENDING', ?, ?, "
              + "?, ?, 1, CAST(? AS jsonb))")) {
            try {
              Db.bind(ps, m.id().value(), m.idempotencyKey(), m.recipient().value(), m.createdAt(),
                  m.nextAttemptAt(), m.conversation(), json.writeValueAsString(m.withVersion(1)));
            } catch (JsonProcessingException e) {
              throw new IllegalStateException(e);
            }
            ps.executeUpdate();
          }
        }
        return null;
      });

      assertThat(SchemaMigrations.migrate(db)).isEqualTo(SchemaMigrations.MIGRATIONS.size() - 7);

      PostgresStores stores = PostgresStores.builder().dataSource(ds).build();
      assertThat(stores.outbox().findDue(T0.plusSeconds(10), 10)).extracting(m -> m.id().value())
          .containsExactly("o-b");
    }
  }

  @Test
  void migrate_leadsOfAnOlderSchema_getTheirThreads_andTheLatestOfTwoOpenInOneThreadKeepsTakingItsMessages()
      throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db, 8);
      ObjectMapper json = ScrmJson.newObjectMapper();
      ContactId prospect = ContactId.of("c-bauherr");
      Interaction m1 = dm("1", T0);
      Interaction m2 = dm("2", T0.plusSeconds(1));
      Interaction m3 = dm("3", T0.plusSeconds(2));
      // as an earlier build stored them: no thread on the lead; two open leads of one chat (opened
      // together), a lost one of the same chat, and one whose message is gone
      List<Lead> leads = List.of(
          oldLead("l-older", prospect, m1, LeadStage.NEW, T0),
          oldLead("l-latest", prospect, m2, LeadStage.NEW, T0.plusSeconds(1)),
          oldLead("l-lost", prospect, m3, LeadStage.LOST, T0.plusSeconds(2)),
          oldLead("l-orphan", prospect, dm("gone", T0), LeadStage.NEW, T0));
      db.tx("old rows", c -> {
        for (Interaction m : List.of(m1, m2, m3)) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_interaction (id, channel, external_id, "
              + "thread_id, author, occurred_at, version, doc) VALUES (?, ?, ?, ?, ?, ?, 1, CAST(? AS jsonb))")) {
            Db.bind(ps, m.id().value(), m.channel().name(), m.externalId(), m.threadId(), m.author().toString(),
                m.occurredAt(), jsonOf(json, m.withVersion(1)));
            ps.executeUpdate();
          }
        }
        for (Lead l : leads) {
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_lead (id, contact_id, created_at, version, "
              + "doc) VALUES (?, ?, ?, 1, CAST(? AS jsonb))")) {
            Db.bind(ps, l.id().value(), l.contactId().value(), l.createdAt(), jsonOf(json, l.withVersion(1)));
            ps.executeUpdate();
          }
        }
        return null;
      });

      assertThat(SchemaMigrations.migrate(db)).isEqualTo(SchemaMigrations.MIGRATIONS.size() - 8);

      PostgresStores stores = PostgresStores.builder().dataSource(ds).build();
      assertThat(stores.leads().find(LeadId.of("l-latest")).orElseThrow().sourceThread()).isEqualTo("chat-42");
      assertThat(stores.leads().find(LeadId.of("l-lost")).orElseThrow().sourceThread()).isEqualTo("chat-42");
      assertThat(stores.leads().find(LeadId.of("l-older")).orElseThrow().sourceThread()).isNull();
      assertThat(stores.leads().find(LeadId.of("l-orphan")).orElseThrow().sourceThread()).isNull();
      assertThat(stores.leads().findOpenByThread(ChannelId.TELEGRAM, "chat-42"))
          .extracting(l -> l.id().value()).containsExactly("l-latest");
      // the thread's key holds: no second open lead, and the one left without a thread still updates
      assertThatThrownBy(() -> stores.leads().create(Lead.from(LeadId.of("l-new"), prospect, dm("4", T0), T0)))
          .isInstanceOf(DuplicateKeyException.class);
      Lead older = stores.leads().find(LeadId.of("l-older")).orElseThrow();
      assertThat(stores.leads().update(older.toBuilder().stage(LeadStage.LOST).build()).version()).isEqualTo(2);
    }
  }

  private static Interaction dm(String id, Instant at) {
    return Interaction.inbound(ChannelId.TELEGRAM, "chat-42:" + id).thread("chat-42").author("bauherr_42", null)
        .text("Wir planen einen Hausbau.").occurredAt(at).build();
  }

  private static Lead oldLead(String id, ContactId prospect, Interaction source, LeadStage stage, Instant at) {
    return new Lead(LeadId.of(id), prospect, source.channel(), source.id(), null, null, 0, stage, null, null,
        List.of(source.id()), List.of(), at, at, 0);
  }

  private static String jsonOf(ObjectMapper json, Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void migrate_decisionsOfAnOlderSchema_keepTheirOrderAndLaterOnesOfTheSameInstantFollow() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db, 6);
      ObjectMapper json = ScrmJson.newObjectMapper();
      ContactId sabine = ContactId.of("sabine");
      List<DecisionRecord> old = new ArrayList<>();
      for (String id : List.of("d-9", "d-10", "d-2")) {
        old.add(new DecisionRecord(id, id.equals("d-9") ? T0.minusSeconds(1) : T0, sabine, "marketing", ChannelId.X,
            ConsentAction.SEND_MARKETING, Actor.system("kampagne"), false, "no consent", null));
      }
      List<String> docs = new ArrayList<>();
      for (DecisionRecord d : old) {
        docs.add(json.writeValueAsString(d));
      }
      db.tx("old rows", c -> {
        for (int i = 0; i < old.size(); i++) {
          DecisionRecord d = old.get(i);
          try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_consent_decision (audit_id, subject, actor, "
              + "at, doc) VALUES (?, ?, 'SYSTEM:kampagne', ?, CAST(? AS jsonb))")) {
            Db.bind(ps, d.auditId(), sabine.value(), d.at(), docs.get(i));
            ps.executeUpdate();
          }
        }
        return null;
      });

      DecisionLog log = new PostgresDecisionLog(ds);
      log.append(new DecisionRecord("d-1", T0, sabine, "marketing", ChannelId.X, ConsentAction.SEND_MARKETING,
          Actor.system("kampagne"), false, "no consent", null));

      assertThat(log.entries(sabine)).extracting(DecisionRecord::auditId)
          .as("the older rows as read before (by time, then id), the new one after those of its instant")
          .containsExactly("d-9", "d-10", "d-2", "d-1");
    }
  }

  @Test
  void start_upToDateSchema_asARoleThatMayNotCreateTables_readsTheVersionAndWorks() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource owner = pool(pg)) {
      PostgresStores.builder().dataSource(owner).build();
      try (Connection c = owner.getConnection(); Statement s = c.createStatement()) {
        // PostgreSQL 15 and later grant ordinary roles no CREATE on schema public: its owner migrates
        s.execute("CREATE ROLE scrm_app LOGIN");
        s.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
        s.execute("GRANT USAGE ON SCHEMA public TO scrm_app");
        s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO scrm_app");
      }
      HikariConfig config = new HikariConfig();
      config.setDataSource(pg.getDatabase("scrm_app", "postgres"));
      config.setMaximumPoolSize(2);
      try (HikariDataSource app = new HikariDataSource(config)) {
        PostgresStores stores = PostgresStores.builder().dataSource(app).build();
        PostgresPollCursorStore cursors = new PostgresPollCursorStore(app);
        DecisionLog decisions = new PostgresDecisionLog(app);
        PostgresRoutingState routing = new PostgresRoutingState(app);

        assertThat(stores.schemaVersion()).isEqualTo(SchemaMigrations.MIGRATIONS.size());
        stores.interactions().create(Interaction.inbound(ChannelId.TELEGRAM, "88123:501").thread("88123")
            .author("juergen_hoffmann", null).text("Router fehlt").occurredAt(T0).build());
        assertThat(stores.interactions().count()).isEqualTo(1);
        assertThat(cursors.compareAndSet(ChannelId.MASTODON, null, "110")).isTrue();
        decisions.append(new DecisionRecord("d-1", T0, ContactId.of("sabine"), "marketing", ChannelId.X,
            ConsentAction.SEND_MARKETING, Actor.system("kampagne"), false, "no consent", null));
        assertThat(decisions.entries(ContactId.of("sabine"))).hasSize(1);
        assertThat(routing.nextTurn("support")).isZero();
      }
    }
  }

  @Test
  void migrate_upToDateSchema_whileAnotherSessionHoldsTheMigrationLock_returnsAtOnce() throws Exception {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start(); HikariDataSource ds = pool(pg)) {
      Db db = new Db(ds);
      SchemaMigrations.migrate(db);
      ExecutorService start = Executors.newSingleThreadExecutor();
      try (Connection holder = ds.getConnection(); Statement s = holder.createStatement()) {
        s.execute("SELECT pg_advisory_lock(7426001)"); // an instance migrating, or one stuck while doing it

        Future<Integer> applied = start.submit(() -> SchemaMigrations.migrate(db));

        assertThat(applied.get(10, TimeUnit.SECONDS)).isZero();
        s.execute("SELECT pg_advisory_unlock(7426001)");
      } finally {
        start.shutdownNow();
      }
    }
  }
}
