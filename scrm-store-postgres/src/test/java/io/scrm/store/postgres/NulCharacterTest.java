package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's text and jsonb refuse U+0000. A message holding one (a customer's broken mailer, or
 * someone who wants to stop a channel from being heard) is stored with U+FFFD in its place, and a
 * redelivery of it is a duplicate.
 */
final class NulCharacterTest {
  private static final Instant T0 = Instant.parse("2026-11-23T08:00:00Z");

  @BeforeEach
  void emptyDatabase() {
    PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
  }

  private static SocialCrm instance() {
    return SocialCrm.builder().clock(Clock.fixed(T0, ZoneOffset.UTC))
        .stores(PostgresStores.builder().dataSource(TestDatabase.dataSource()).build()).build();
  }

  @Test
  void aMessageWithNulCharactersIsStoredWithReplacementCharactersAndOnlyOnce() {
    SocialCrm crm = instance();
    SocialCrm other = instance();
    Interaction message = Interaction.inbound(ChannelId.TELEGRAM, "5511:7\u0000").thread("5511\u0000")
        .author("kunde\u0000", "Kai\u0000 Nippes").text("Kein Internet\u0000 seit heute, Pfad C:\\u0000x")
        .occurredAt(T0).build();

    IngestResult first = crm.ingest(message);
    IngestResult again = other.ingest(message);

    assertThat(first.outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    List<Interaction> thread = crm.stores().interactions().findByThread(ChannelId.TELEGRAM, "5511\u0000");
    assertThat(thread).singleElement().satisfies(stored -> {
      assertThat(stored.text()).isEqualTo("Kein Internet\uFFFD seit heute, Pfad C:\\u0000x");
      assertThat(stored.authorName()).isEqualTo("Kai\uFFFD Nippes");
      assertThat(stored.id()).isEqualTo(message.id());
      assertThat(stored.author()).isEqualTo(message.author());
    });
    Interaction edit = message.toBuilder().text("Wieder da\u0000").edited(true).build();
    assertThat(crm.ingest(edit).outcome()).isEqualTo(IngestResult.Outcome.EDITED);
    assertThat(other.ingest(edit).outcome()).as("the edit delivered again").isEqualTo(IngestResult.Outcome.DUPLICATE);
  }

  @Test
  void onlyEscapedNulCharactersOfADocumentAreReplaced() {
    assertThat(PgText.cleanJson("{\"a\":\"x\\u0000y\"}")).isEqualTo("{\"a\":\"x\uFFFDy\"}");
    assertThat(PgText.cleanJson("{\"a\":\"C:\\\\u0000\"}")).isEqualTo("{\"a\":\"C:\\\\u0000\"}");
    assertThat(PgText.cleanJson("{\"a\":\"\\\\\\u0000\"}")).isEqualTo("{\"a\":\"\\\\\uFFFD\"}");
    String none = "{\"a\":\"nichts\"}";
    assertThat(PgText.cleanJson(none)).isSameAs(none);
    assertThat(PgText.clean("a\u0000b")).isEqualTo("a\uFFFDb");
  }
}
