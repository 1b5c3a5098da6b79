package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import io.scrm.core.model.Interaction;
import io.scrm.store.postgres.PostgresStores;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every code block of the README is compiled code in this module; these tests keep the two equal. */
final class ReadmeSnippetsTest {

  @ParameterizedTest
  @CsvSource({"Quickstart.java, quickstart", "OnPostgres.java, postgres", "WithConsent.java, consent",
      "WithListening.java, listening"})
  void readme_snippet_isTheCompiledCode(String file, String marker) throws IOException {
    String source = Files.readString(Path.of("src/main/java/io/scrm/examples/" + file), StandardCharsets.UTF_8);
    String begin = "// " + marker + ":begin\n";
    int from = source.indexOf(begin) + begin.length();
    String code = source.substring(from, source.indexOf("    // " + marker + ":end", from));
    String dedented = code.lines().map(l -> l.startsWith("    ") ? l.substring(4) : l)
        .collect(Collectors.joining("\n"));

    assertThat(Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8)).contains(dedented);
  }

  @Test
  void quickstart_answersCustomerThroughOutbox() {
    assertThat(Quickstart.run()).isEqualTo("NEW reply queued=true");
  }

  @Test
  void withConsent_newsletterDeniedBeforeAndQueuedAfterDoubleOptIn() {
    assertThat(WithConsent.run(ContactId.of("sabine")))
        .isEqualTo("denied: no marketing consent recorded on email / queued");
  }

  @Test
  void withListening_stormOfNegativePosts_raisesOneWarning() {
    SocialCrm crm = SocialCrm.ofDefaults();
    Instant t = Instant.parse("2026-11-23T06:00:00Z");
    java.util.List<Interaction> posts = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) { // a quiet morning: one complaint every quarter hour
      posts.add(post("q" + i, "Kleine Störung?", t.plus(Duration.ofMinutes(15L * i))));
    }
    for (int i = 0; i < 12; i++) { // then a storm
      posts.add(post("s" + i, "Schon wieder kein Internet, Störung! 😡", t.plus(Duration.ofHours(2)).plusSeconds(i)));
    }
    assertThat(WithListening.run(crm, posts)).singleElement()
        .satisfies(w -> assertThat(w.topic()).isEqualTo("stoerung"));
    assertThat(crm.stores().cases().findOpen()).anySatisfy(c -> assertThat(c.queue()).isEqualTo("krisenstab"));
  }

  private static Interaction post(String id, String text, Instant at) {
    return Interaction.inbound(ChannelId.MASTODON, id).thread(id).author("u" + id, null).text(text).occurredAt(at)
        .visibility(Visibility.PUBLIC).build();
  }

  @Test
  void onPostgres_connectsMigratesAndIngests() throws IOException {
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      SocialCrm crm = OnPostgres.connect(pg.getJdbcUrl("postgres", "postgres"), "postgres", "");
      IngestResult r = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "1:1").thread("1").author("u", null)
          .text("Hallo").occurredAt(Instant.parse("2026-11-23T08:00:00Z")).build());
      assertThat(crm.stores()).isInstanceOf(PostgresStores.class);
      assertThat(crm.findCase(r.caseId())).isPresent();
    }
  }
}
