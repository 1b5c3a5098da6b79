package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A conversation's outbound messages leave in creation order, then by id, as in memory: to the
 * nanosecond (the column keeps microseconds) and by code point, whatever the database's collation.
 */
final class OutboxOrderTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private PostgresStores pg;

  @BeforeEach
  void emptyDatabase() {
    pg = PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
  }

  private static OutboundMessage reply(String id, String thread, Instant createdAt) {
    return OutboundMessage.pending(OutboundId.of(id), null, ContactId.of("c1"), ChannelId.TELEGRAM, thread, null,
        Visibility.PRIVATE, "Kommt morgen.", "service-reply", createdAt);
  }

  private static List<String> ids(List<OutboundMessage> messages) {
    return messages.stream().map(m -> m.id().value()).toList();
  }

  @Test
  void withinOneMicrosecond_theFirstCreatedLeavesFirst() {
    Stores mem = Stores.inMemory();
    for (Stores s : new Stores[] {mem, pg}) {
      s.outbox().create(reply("b", "88123", T0.plusNanos(100))); // created first
      s.outbox().create(reply("a", "88123", T0.plusNanos(900)));
    }
    Instant now = T0.plusSeconds(1);

    assertThat(ids(mem.outbox().findDue(now, 10))).containsExactly("b");
    assertThat(ids(pg.outbox().findDue(now, 10))).as("postgres").containsExactly("b");
    assertThat(ids(pg.outbox().claimDue(now, now.plusSeconds(30), 10))).as("postgres claim").containsExactly("b");
  }

  @Test
  void onADatabaseWithALinguisticCollation_tiesAreBrokenByIdAsInMemory() throws Exception {
    String url;
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      url = c.getMetaData().getURL();
      s.execute("DROP DATABASE IF EXISTS scrm_en_us");
      s.execute("CREATE DATABASE scrm_en_us TEMPLATE template0 ENCODING 'UTF8' LOCALE_PROVIDER icu ICU_LOCALE 'en-US' "
          + "LOCALE 'C.UTF-8'");
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url.replaceFirst("/postgres(\\?|$)", "/scrm_en_us$1"));
    config.setUsername("postgres");
    config.setMaximumPoolSize(2);
    try (HikariDataSource enUs = new HikariDataSource(config)) {
      PostgresStores linguistic = PostgresStores.builder().dataSource(enUs).build();
      Stores mem = Stores.inMemory();
      for (Stores s : new Stores[] {mem, linguistic}) {
        s.outbox().create(reply("B1", "88123", T0)); // "B1" < "a2" as OutboundId compares
        s.outbox().create(reply("a2", "88123", T0));
      }

      assertThat(ids(mem.outbox().findDue(T0, 10))).containsExactly("B1");
      assertThat(ids(linguistic.outbox().findDue(T0, 10))).as("postgres, en-US").containsExactly("B1");
    }
  }
}
