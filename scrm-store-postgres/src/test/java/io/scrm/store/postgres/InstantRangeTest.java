package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.Stores;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An {@link Instant} reaches a billion years either side, PostgreSQL's {@code timestamptz} from 4714
 * BC to 294276 AD. A time beyond (a platform's or a client's bogus date) is stored as the in-memory
 * stores store it: the document keeps it exactly, the timestamp column holds the bound of the range.
 */
final class InstantRangeTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");
  private static final Instant FAR_FUTURE = Instant.parse("+300000-01-01T00:00:00Z");
  private static final Instant FAR_PAST = Instant.parse("-5000-01-01T00:00:00Z");

  private PostgresStores pg;

  @BeforeEach
  void emptyDatabase() {
    pg = PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
  }

  private static Interaction message(String externalId, Instant at) {
    return Interaction.inbound(ChannelId.TELEGRAM, externalId).thread("88123").author("juergen", null)
        .text("Router kaputt").occurredAt(at).build();
  }

  private static OutboundMessage reply(String id, Instant createdAt) {
    return OutboundMessage.pending(OutboundId.of(id), null, ContactId.of("c1"), ChannelId.TELEGRAM, "thread-" + id,
        null, Visibility.PRIVATE, "Kommt morgen.", "service-reply", createdAt);
  }

  private static Instant roundTrip(Db db, Instant t) {
    return db.read("round trip", c -> {
      try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS timestamptz)")) {
        Db.bind(ps, t);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          return rs.getObject(1, OffsetDateTime.class).toInstant();
        }
      }
    });
  }

  @Test
  void interactions_occurredAtBeyondTheRange_storedWithTheExactInstantAndInOrder() {
    Stores mem = Stores.inMemory();
    List<Instant> times = List.of(Instant.MAX, FAR_FUTURE, T0, FAR_PAST, Instant.MIN);
    for (int i = 0; i < times.size(); i++) {
      mem.interactions().create(message("501:" + i, times.get(i)));
      pg.interactions().create(message("501:" + i, times.get(i)));
    }

    for (int i = 0; i < times.size(); i++) {
      assertThat(pg.interactions().find(InteractionId.of(ChannelId.TELEGRAM, "501:" + i)).orElseThrow().occurredAt())
          .isEqualTo(times.get(i));
    }
    assertThat(pg.interactions().findByThread(ChannelId.TELEGRAM, "88123")).extracting(Interaction::occurredAt)
        .containsExactly(Instant.MIN, FAR_PAST, T0, FAR_FUTURE, Instant.MAX)
        .isEqualTo(mem.interactions().findByThread(ChannelId.TELEGRAM, "88123").stream()
            .map(Interaction::occurredAt).toList());
  }

  @Test
  void outbox_timesBeyondTheRange_dueAndClaimedInCreationOrderAsInMemory() {
    Stores mem = Stores.inMemory();
    for (Stores s : new Stores[] {mem, pg}) {
      s.outbox().create(reply("future", FAR_FUTURE));
      s.outbox().create(reply("now", T0));
      s.outbox().create(reply("past", FAR_PAST));
      s.outbox().create(reply("first", Instant.MIN));
    }

    for (Stores s : new Stores[] {mem, pg}) {
      assertThat(s.outbox().findDue(T0.plusSeconds(1), 10)).extracting(m -> m.id().value())
          .as("due now in %s", s).containsExactly("first", "past", "now");
      assertThat(s.outbox().findDue(Instant.MAX, 10)).extracting(m -> m.id().value())
          .as("due at the end of time in %s", s).containsExactly("first", "past", "now", "future");
      assertThat(s.outbox().claimDue(T0.plusSeconds(1), T0.plusSeconds(31), 2)).extracting(m -> m.id().value())
          .as("claimed in %s", s).containsExactly("first", "past");
      assertThat(s.outbox().findDue(T0.plusSeconds(2), 10)).extracting(m -> m.id().value())
          .as("due while the leases run in %s", s).containsExactly("now");
    }
  }

  @Test
  void earlyDeletions_deletionTimeBeyondTheRange_isKeptAtTheBound() {
    InteractionId id = InteractionId.of(ChannelId.TELEGRAM, "88123:777");

    pg.earlyDeletions().remember(id, Instant.MAX, T0);

    assertThat(pg.earlyDeletions().find(id, T0.plusSeconds(60))).contains(Db.LATEST);
  }

  @Test
  void bind_instantsBeyondTheRange_boundAtTheRangesEnds_whichPostgresHolds() {
    Db db = new Db(TestDatabase.dataSource());

    assertThat(roundTrip(db, Instant.MAX)).isEqualTo(Db.LATEST);
    assertThat(roundTrip(db, FAR_FUTURE)).isEqualTo(Db.LATEST);
    assertThat(roundTrip(db, Db.LATEST)).isEqualTo(Db.LATEST);
    assertThat(roundTrip(db, T0)).isEqualTo(T0);
    assertThat(roundTrip(db, Db.EARLIEST)).isEqualTo(Db.EARLIEST);
    assertThat(roundTrip(db, FAR_PAST)).isEqualTo(Db.EARLIEST);
    assertThat(roundTrip(db, Instant.MIN)).isEqualTo(Db.EARLIEST);
    PostgresStoreException beyond = catchThrowableOfType(PostgresStoreException.class,
        () -> db.read("unbounded", c -> {
          try (PreparedStatement ps = c.prepareStatement("SELECT CAST(? AS timestamptz)")) {
            ps.setObject(1, OffsetDateTime.ofInstant(Db.LATEST.plusNanos(1_000), ZoneOffset.UTC));
            return ps.executeQuery().next();
          }
        }));
    assertThat(beyond).as("a microsecond after the bound").isNotNull();
    assertThat(((SQLException) beyond.getCause()).getSQLState()).isEqualTo("22008");
  }
}
