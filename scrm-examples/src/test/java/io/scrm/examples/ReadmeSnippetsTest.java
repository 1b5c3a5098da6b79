package io.scrm.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.IngestResult;
import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.SlaBreached;
import io.scrm.core.event.SlaWarning;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadStage;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.SlaClockType;
import io.scrm.core.process.SlaPhase;
import io.scrm.testing.TestClock;
import java.util.List;
import java.util.Map;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every code block of the README is compiled code in this module; these tests keep the two equal. */
final class ReadmeSnippetsTest {
  private static final String BOT_TOKEN = "6839201745:AAF-Kundenservice-Bot_Token";
  private static final String WEBHOOK_SECRET = "stadtwerke-webhook_2718";
  private static final String SEND_MESSAGE = "/bot" + BOT_TOKEN + "/sendMessage";

  @RegisterExtension
  static final WireMockExtension BOT_API = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

  @ParameterizedTest
  @CsvSource({"Quickstart.java, quickstart", "OnPostgres.java, postgres", "WithConsent.java, consent",
      "WithListening.java, listening", "WithChannels.java, channels", "WithRouting.java, routing",
      "WithProcess.java, process"})
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

  private static byte[] telegramUpdate() {
    return ("{\"update_id\":845120377,\"message\":{\"message_id\":17,\"from\":{\"id\":629384751,"
        + "\"is_bot\":false,\"first_name\":\"Kerstin\",\"last_name\":\"Wei\u00df\",\"language_code\":\"de\"},"
        + "\"chat\":{\"id\":629384751,\"first_name\":\"Kerstin\",\"type\":\"private\"},\"date\":1795424400,"
        + "\"text\":\"Seit gestern Abend kein Internet in 50667 K\u00f6ln, der Router blinkt rot.\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void withChannels_telegramWebhook_replyGoesOutInCustomersChat() {
    BOT_API.stubFor(WireMock.post(urlEqualTo(SEND_MESSAGE)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"result\":{\"message_id\":18,\"from\":{\"id\":6839201745,\"is_bot\":true,"
            + "\"first_name\":\"Kundenservice\",\"username\":\"StadtwerkeServiceBot\"},\"chat\":{\"id\":629384751,"
            + "\"first_name\":\"Kerstin\",\"type\":\"private\"},\"date\":1795424460,\"text\":\"Danke\"}}")));

    DispatchStats stats = WithChannels.run(BOT_API.baseUrl(), BOT_TOKEN, WEBHOOK_SECRET, "mastodon-token", telegramUpdate(),
        Map.of(TelegramAdapter.SECRET_HEADER, List.of(WEBHOOK_SECRET)), TestClock.at("2026-11-23T07:00:30Z"));

    assertThat(stats.sent()).isEqualTo(1);
    assertThat(stats.deadLettered()).isZero();
    BOT_API.verify(1, postRequestedFor(urlEqualTo(SEND_MESSAGE)).withRequestBody(equalToJson(
        "{\"chat_id\":629384751,\"text\":\"Danke f\u00fcr Ihre Geduld! Ein Techniker ist morgen zwischen 8 und 12 Uhr "
            + "bei Ihnen.\",\"reply_parameters\":{\"message_id\":17,\"allow_sending_without_reply\":true}}")));
  }

  @Test
  void withChannels_wrongWebhookSecret_rejectedAndNothingSent() {
    assertThatThrownBy(() -> WithChannels.run(BOT_API.baseUrl(), BOT_TOKEN, WEBHOOK_SECRET, "mastodon-token",
        telegramUpdate(), Map.of(TelegramAdapter.SECRET_HEADER, List.of("geraten")), TestClock.at("2026-11-23T07:00:30Z")))
        .isInstanceOf(DeliveryRejectedException.class);
    BOT_API.verify(0, postRequestedFor(urlEqualTo(SEND_MESSAGE)));
  }

  @Test
  void withRouting_houseBuilderInquiry_becomesAttributedLeadOfAdvisor() {
    WithRouting.Outcome outcome = WithRouting.run();
    Lead lead = outcome.lead();

    assertThat(lead.queue()).isEqualTo("vertrieb");
    assertThat(lead.owner()).isEqualTo("berater-1");
    assertThat(lead.score()).isEqualTo(35);
    assertThat(lead.stage()).isEqualTo(LeadStage.MARKETING_QUALIFIED);
    assertThat(lead.campaign()).isEqualTo("hausbau24");
    assertThat(lead.firstTouch()).isNotNull();
    assertThat(lead.firstTouch().source()).isEqualTo("facebook");
    assertThat(outcome.routed().leadId()).isEqualTo(lead.id());
    assertThat(outcome.routed().assignee()).isEqualTo("berater-1");
    assertThat(outcome.routed().explanation())
        .isEqualTo("rule bauherr matched [LANGUAGE, KEYWORDS]; applied: [beratung]");
  }

  @Test
  void withProcess_earlyResolveRefused_clocksPauseWhileWaitingAndBreachAfterReply() {
    TestClock clock = TestClock.at("2026-11-23T08:00:00Z"); // Monday, 09:00 in Berlin
    WithProcess.Outcome outcome = WithProcess.run(clock, Interaction.inbound(ChannelId.TELEGRAM, "8812:5").thread("8812")
        .author("8812", null).text("Seit Samstag kein Internet, und der Techniker kam nicht!").occurredAt(clock.instant())
        .build());
    SocialCrm crm = outcome.crm();

    assertThat(outcome.refused()).isEqualTo("guard not met: answer sent on origin channel");
    assertThat(outcome.waiting().policy()).isEqualTo("dringend");
    assertThat(outcome.waiting().clock(SlaClockType.FIRST_RESPONSE).phase()).isEqualTo(SlaPhase.PAUSED);
    assertThat(crm.findCase(outcome.caseId()).orElseThrow().state()).isEqualTo(CaseState.WAITING_ON_CUSTOMER);
    assertThat(crm.apply(outcome.caseId(), CaseCommand.start("cmd-2", Actor.agent("anna"))).duplicate()).isTrue();

    clock.advance(Duration.ofHours(3)); // waiting on the customer: no clock counts
    assertThat(crm.tick()).isEmpty();

    crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "8812:6").thread("8812").author("8812", null)
        .text("Nein, die DSL-Lampe ist aus.").occurredAt(clock.instant()).build());
    assertThat(crm.findCase(outcome.caseId()).orElseThrow().state()).isEqualTo(CaseState.IN_PROGRESS);

    clock.advance(Duration.ofMinutes(50)); // 80 % of the first hour
    List<CrmEvent> warned = crm.tick();
    clock.advance(Duration.ofMinutes(15));
    List<CrmEvent> breached = crm.tick();
    assertThat(warned).singleElement().isInstanceOfSatisfying(SlaWarning.class,
        w -> assertThat(w.clock()).isEqualTo(SlaClockType.FIRST_RESPONSE));
    assertThat(breached).singleElement().isInstanceOfSatisfying(SlaBreached.class,
        b -> assertThat(b.clock()).isEqualTo(SlaClockType.FIRST_RESPONSE));
  }
}
