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

  /**
   * Half of a surrogate pair is a Java string's char but no character: UTF-8, which the database
   * speaks, cannot carry it, and the driver would store a question mark in its place. Stored as
   * U+FFFD from where the message enters the model, the message is found again by its id, and a
   * redelivery of an edit is not a new edit.
   */
  @Test
  void aMessageWithLoneSurrogatesIsStoredWithReplacementCharactersAndOnlyOnce() {
    SocialCrm crm = instance();
    SocialCrm other = instance();
    Interaction message = Interaction.inbound(ChannelId.TELEGRAM, "5512:\uD800").thread("5512\uDC00")
        .author("kundin\uD83D", "Kim \uDE00Berg").text("Paket fehlt \uD83D\uDE1E \uDE1E seit Tagen \uD83D")
        .occurredAt(T0).build();

    IngestResult first = crm.ingest(message);
    IngestResult again = other.ingest(message);

    assertThat(first.outcome()).isEqualTo(IngestResult.Outcome.CREATED);
    assertThat(again.outcome()).isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(crm.stores().interactions().find(message.id())).get().satisfies(stored -> {
      assertThat(stored.text()).isEqualTo("Paket fehlt \uD83D\uDE1E \uFFFD seit Tagen \uFFFD");
      assertThat(stored.authorName()).isEqualTo("Kim \uFFFDBerg");
      assertThat(stored.threadId()).isEqualTo("5512\uFFFD");
      assertThat(stored.externalId()).isEqualTo("5512:\uFFFD");
      assertThat(stored.author()).isEqualTo(message.author());
    });
    Interaction edit = message.toBuilder().text("Doch angekommen \uDBFF").edited(true).build();
    assertThat(crm.ingest(edit).outcome()).isEqualTo(IngestResult.Outcome.EDITED);
    assertThat(other.ingest(edit).outcome()).as("the edit delivered again").isEqualTo(IngestResult.Outcome.DUPLICATE);
    assertThat(crm.stores().interactions().find(message.id()).orElseThrow().revisions()).hasSize(1);
  }

  @Test
  void loneSurrogatesOfTextAndDocumentsAreReplaced() {
    assertThat(PgText.clean("a\uD800b\uDC00c\uD83D\uDE00")).isEqualTo("a\uFFFDb\uFFFDc\uD83D\uDE00");
    assertThat(PgText.clean("\uD83D")).isEqualTo("\uFFFD");
    String pair = "ok \uD83D\uDE00";
    assertThat(PgText.clean(pair)).isSameAs(pair);
    assertThat(PgText.cleanJson("{\"a\":\"x\uDC00y\\u0000\"}")).isEqualTo("{\"a\":\"x\uFFFDy\uFFFD\"}");
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
