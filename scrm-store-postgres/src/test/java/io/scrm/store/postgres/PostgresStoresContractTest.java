package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.Stores;
import io.scrm.testing.store.StoresContract;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

final class PostgresStoresContractTest extends StoresContract {
  @Override
  protected Stores newStores() {
    PostgresStores stores = PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
    return stores;
  }

  private static String cjk(Random random, int length) {
    StringBuilder s = new StringBuilder(length);
    for (int i = 0; i < length; i++) { // three bytes each in UTF-8, and no run that compresses
      s.append((char) (0x4E00 + random.nextInt(20_000)));
    }
    return s.toString();
  }

  @Test
  void longestThreadAndIds_inCjk_fitEveryIndexOfInteractionsCasesAndTheOutbox() {
    Stores stores = newStores();
    Random random = new Random(1);
    String thread = cjk(random, 512); // the longest an interaction, a case and an outbound message take
    Interaction in = stores.interactions().create(Interaction.inbound(ChannelId.TELEGRAM, cjk(random, 512))
        .thread(thread).author(cjk(random, 320), null).text("Router kaputt").occurredAt(T0).build());
    Case opened = stores.cases().create(Case.open(CaseId.of(cjk(random, 200)), ContactId.of(cjk(random, 200)), in,
        CaseType.QUESTION, Priority.NORMAL, T0));
    OutboundMessage reply = OutboundMessage.pending(OutboundId.of(cjk(random, 200)), opened.id(), opened.contactId(),
        opened.originChannel(), opened.originThread(), in.externalId(), Visibility.PRIVATE, "Kommt morgen.",
        "service-reply", T0);

    stores.outbox().create(reply);

    assertThat(stores.interactions().findByThread(ChannelId.TELEGRAM, thread)).containsExactly(in);
    assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, thread)).map(Case::id).contains(opened.id());
    assertThat(stores.outbox().claimDue(T0, T0.plusSeconds(30), 10)).extracting(OutboundMessage::id)
        .containsExactly(reply.id());
  }

  /**
   * Two instances create a case of one id at once (in two threads): the loser's create passes the
   * look-up of the id, then waits on the winner's row and fails on the primary key. In memory that is
   * a duplicate of the case's id; it must not be reported as an open case of the loser's thread,
   * which has none.
   */
  @Test
  void create_racingACreateOfTheSameId_isADuplicateOfTheIdAndNotOfTheThread() throws Exception {
    Stores stores = stores();
    Interaction inT2 = Interaction.inbound(ChannelId.TELEGRAM, "m-2").thread("t2").author("u", null).text("Hallo")
        .occurredAt(T0).build();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection winner = TestDatabase.dataSource().getConnection()) {
      winner.setAutoCommit(false);
      try (Statement s = winner.createStatement()) {
        s.executeUpdate("INSERT INTO scrm_case (id, contact_id, thread_key, is_open, opened_at, version, doc) "
            + "VALUES ('same', 'c1', 'telegram:t1', true, now(), 1, '{}')");
      }
      Future<Case> loser = pool.submit(() -> stores.cases().create(Case.open(CaseId.of("same"), ContactId.of("c2"),
          inT2, CaseType.QUESTION, Priority.NORMAL, T0)));
      awaitAStatementWaitingOnALock(loser);
      winner.commit();

      assertThatThrownBy(() -> loser.get(30, TimeUnit.SECONDS)).hasCauseInstanceOf(DuplicateKeyException.class)
          .cause().isInstanceOfSatisfying(DuplicateKeyException.class, e -> {
            assertThat(e.entity()).isEqualTo("case");
            assertThat(e.key()).isEqualTo("same");
          });
      assertThat(stores.cases().findOpenByThread(ChannelId.TELEGRAM, "t2")).isEmpty();
    } finally {
      pool.shutdownNow();
    }
  }

  /** Waits until a statement of another session waits on a lock (the loser's insert on the winner's id). */
  private static void awaitAStatementWaitingOnALock(Future<?> loser) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      while (System.nanoTime() < deadline && !loser.isDone()) {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
            + "AND query LIKE 'INSERT INTO scrm_case%'")) {
          rs.next();
          if (rs.getInt(1) > 0) {
            return;
          }
        }
        Thread.sleep(5);
      }
    }
    throw new AssertionError("the second create never waited on the first one's row");
  }
}
