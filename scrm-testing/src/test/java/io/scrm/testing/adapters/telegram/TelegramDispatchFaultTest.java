package io.scrm.testing.adapters.telegram;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.scrm.channels.Channels;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.OutboxDispatcherConfig;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.testing.TestClock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The outbox dispatcher over the real Telegram adapter against a Bot API double that fails in every
 * documented way: each message ends sent exactly once, or dead-lettered with its reason; none is lost
 * and none reaches the platform twice.
 */
final class TelegramDispatchFaultTest {
  private static final String TOKEN = "7301946652:AAH-fault-run";
  private static final String SEND = "/bot" + TOKEN + "/sendMessage";
  private static final int MESSAGES = 60;

  @RegisterExtension
  static final WireMockExtension BOT_API = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
      .build();

  private static String ok(int i) {
    return "{\"ok\":true,\"result\":{\"message_id\":" + (1000 + i) + ",\"chat\":{\"id\":" + (500 + i)
        + ",\"type\":\"private\"},\"date\":1795420800,\"text\":\"ok\"}}";
  }

  /** Message i meets fault i % 6 on its first attempt: none, 500, 429, reset, timeout, 400. */
  private static void script(int i) {
    String marker = "Antwort Nr. " + i + ".";
    String scenario = "m" + i;
    var match = post(urlEqualTo(SEND)).withRequestBody(containing(marker)).inScenario(scenario);
    var success = aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(ok(i));
    switch (i % 6) {
      case 0 -> BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker)).willReturn(success));
      case 1 -> {
        BOT_API.stubFor(match.whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(502)
            .withBody("{\"ok\":false,\"error_code\":502,\"description\":\"Bad Gateway\"}"))
            .willSetStateTo("healed"));
        BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker)).inScenario(scenario)
            .whenScenarioStateIs("healed").willReturn(success));
      }
      case 2 -> {
        BOT_API.stubFor(match.whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(429)
            .withHeader("Content-Type", "application/json")
            .withBody("{\"ok\":false,\"error_code\":429,\"description\":\"Too Many Requests: retry after 3\","
                + "\"parameters\":{\"retry_after\":3}}"))
            .willSetStateTo("healed"));
        BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker)).inScenario(scenario)
            .whenScenarioStateIs("healed").willReturn(success));
      }
      case 3 -> BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker))
          .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
      case 4 -> BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker))
          .willReturn(success.withFixedDelay(2500)));
      default -> BOT_API.stubFor(post(urlEqualTo(SEND)).withRequestBody(containing(marker))
          .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
              .withBody("{\"ok\":false,\"error_code\":400,\"description\":\"Bad Request: chat not found\"}")));
    }
  }

  @Test
  void faultRun_everyReplySentOnceOrDeadLetteredWithItsReason() throws InterruptedException {
    TestClock clock = TestClock.at("2026-11-23T09:00:00Z");
    TelegramAdapter telegram = TelegramAdapter.builder().baseUrl(BOT_API.baseUrl()).token(TOKEN)
        .timeout(Duration.ofMillis(1500)).clock(clock).build();
    Channels channels = Channels.of(telegram);
    SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock)).build();
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels)
        .config(OutboxDispatcherConfig.builder().batchSize(50).maxAttempts(5).build()).build();
    Map<OutboundId, Integer> indexOf = new HashMap<>();
    for (int i = 0; i < MESSAGES; i++) {
      script(i);
      CaseId caseId = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, (500 + i) + ":1").thread("" + (500 + i))
          .author("" + (500 + i), null).text("Wo bleibt mein Router?").occurredAt(clock.instant()).build()).caseId();
      indexOf.put(crm.reply(caseId, Actor.agent("anna"), "Antwort Nr. " + i + ". Er kommt morgen.")
          .outboundId().orElseThrow(), i);
    }

    // retries wait on the test clock; the per-channel rate limiter counts real time, so idle rounds pause
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!crm.stores().outbox().findByStatus(OutboxStatus.PENDING).isEmpty() && System.nanoTime() < deadline) {
      DispatchStats round = dispatcher.drain();
      clock.advance(Duration.ofMinutes(1));
      if (round.sent() + round.retried() + round.deadLettered() == 0) {
        Thread.sleep(50);
      }
    }

    List<LoggedRequest> requests = BOT_API.getAllServeEvents().stream().map(e -> e.getRequest()).toList();
    assertThat(crm.stores().outbox().findByStatus(OutboxStatus.PENDING)).as("nothing lost in the outbox").isEmpty();
    for (Map.Entry<OutboundId, Integer> e : indexOf.entrySet()) {
      OutboundMessage m = crm.stores().outbox().find(e.getKey()).orElseThrow();
      int i = e.getValue();
      String marker = "Antwort Nr. " + i + ".";
      long attempts = requests.stream().filter(r -> r.getBodyAsString().contains(marker)).count();
      switch (i % 6) {
        case 0, 1, 2 -> {
          assertThat(m.status()).as("message %d (%s)", i, m.lastError()).isEqualTo(OutboxStatus.SENT);
          assertThat(m.providerId()).isEqualTo((500 + i) + ":" + (1000 + i));
          assertThat(attempts).as("requests for message %d", i).isEqualTo(i % 6 == 0 ? 1 : 2);
        }
        case 3, 4 -> {
          assertThat(m.status()).as("message %d", i).isEqualTo(OutboxStatus.DEAD);
          assertThat(m.lastError()).startsWith("outcome unknown");
          assertThat(attempts).as("an unknown outcome is never sent again, message %d", i).isEqualTo(1);
        }
        default -> {
          assertThat(m.status()).as("message %d", i).isEqualTo(OutboxStatus.DEAD);
          assertThat(m.lastError()).startsWith("permanent failure");
          assertThat(attempts).isEqualTo(1);
        }
      }
    }
    assertThat(crm.outbox().deadLetters()).hasSize(MESSAGES / 2);
    telegram.close();
  }

  /**
   * A dispatcher closed while the Bot API is still answering interrupts the request it already
   * wrote. Telegram has no idempotency keys, so the message must not be sent again: it is
   * dead-lettered as "outcome unknown", and the next dispatcher leaves it alone.
   */
  @Test
  void closingDuringASlowSend_deadLettersTheMessageInsteadOfSendingItTwice() throws InterruptedException {
    BOT_API.stubFor(post(urlEqualTo(SEND)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody(ok(0)).withFixedDelay(1_500)));
    TestClock clock = TestClock.at("2026-11-23T09:00:00Z");
    TelegramAdapter telegram = TelegramAdapter.builder().baseUrl(BOT_API.baseUrl()).token(TOKEN)
        .timeout(Duration.ofSeconds(10)).clock(clock).build();
    Channels channels = Channels.of(telegram);
    SocialCrm crm = SocialCrm.builder().clock(clock).sendCheck(channels.sendCheck(clock)).build();
    CaseId caseId = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "500:1").thread("500")
        .author("500", null).text("Wo bleibt mein Router?").occurredAt(clock.instant()).build()).caseId();
    OutboundId id = crm.reply(caseId, Actor.agent("anna"), "Er kommt morgen.").outboundId().orElseThrow();
    OutboxDispatcherConfig config = OutboxDispatcherConfig.builder().pollInterval(Duration.ofMillis(10))
        .lease(Duration.ofMillis(200)).build();

    OutboxDispatcher first = OutboxDispatcher.builder(crm, channels).config(config).build();
    first.start();
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (BOT_API.findAll(postRequestedFor(urlEqualTo(SEND))).isEmpty()) {
      assertThat(System.nanoTime()).as("no request within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    first.close(); // waits poll interval + lease, then interrupts the send in flight
    while (crm.stores().outbox().find(id).orElseThrow().status() == OutboxStatus.PENDING) {
      assertThat(System.nanoTime()).as("interrupted send not recorded within 10 s").isLessThan(deadline);
      Thread.sleep(5);
    }
    clock.advance(Duration.ofMinutes(10));
    OutboxDispatcher.builder(crm, channels).config(config).build().drain();

    assertThat(BOT_API.findAll(postRequestedFor(urlEqualTo(SEND)))).hasSize(1);
    OutboundMessage dead = crm.stores().outbox().find(id).orElseThrow();
    assertThat(dead.status()).isEqualTo(OutboxStatus.DEAD);
    assertThat(dead.lastError()).startsWith("outcome unknown: interrupted during the request");
    telegram.close();
  }
}
