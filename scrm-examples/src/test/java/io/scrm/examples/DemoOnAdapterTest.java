package io.scrm.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.core.store.Stores;
import io.scrm.examples.cli.ScrmCommand;
import io.scrm.examples.demo.DemoScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo sends its Telegram answers through the real Telegram adapter to a mock Bot API server. */
final class DemoOnAdapterTest {
  private static final String TOKEN = "7301946652:AAH-demo-token";
  private static final String SEND = "/bot" + TOKEN + "/sendMessage";
  private static final String SEND_DOCUMENT = "/bot" + TOKEN + "/sendDocument";

  @RegisterExtension
  static final WireMockExtension BOT_API = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
      .build();

  private void botApiAccepts() {
    for (String method : List.of(SEND, SEND_DOCUMENT)) {
      accepts(method);
    }
  }

  private void accepts(String method) {
    BOT_API.stubFor(post(urlEqualTo(method)).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":true,\"result\":{\"message_id\":777,\"from\":{\"id\":7301946652,\"is_bot\":true,"
            + "\"first_name\":\"Netz Service\"},\"chat\":{\"id\":88123,\"type\":\"private\"},\"date\":1795420800,"
            + "\"text\":\"ok\"}}")));
  }

  @Test
  void demo_repliesOnTelegramGoThroughTheAdapterToTheBotApi_inTheCustomersChat() {
    botApiAccepts();
    ChannelAdapter telegram = Channels.create("telegram",
        ChannelConfig.of(Map.of("token", TOKEN, "base-url", BOT_API.baseUrl())));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    try (telegram) {
      new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8), Stores.inMemory(), List.of(telegram))
          .run();
    }

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("(sending on [telegram] through TelegramAdapter[")
        .contains("sent on telegram  thread 88123                  private as 88123:777")
        .contains("RESOLVE           -> RESOLVED").doesNotContain(TOKEN);
    // two answers to Jürgen's complaint, the second with the delivery note, and the outage broadcast he
    // subscribed to, all in his chat
    BOT_API.verify(2, postRequestedFor(urlEqualTo(SEND)).withRequestBody(matchingJsonPath("$.chat_id",
        com.github.tomakehurst.wiremock.client.WireMock.equalTo("88123"))));
    BOT_API.verify(1, postRequestedFor(urlEqualTo(SEND))
        .withRequestBody(matchingJsonPath("$.reply_parameters.message_id")));
    BOT_API.verify(1, postRequestedFor(urlEqualTo(SEND_DOCUMENT))
        .withRequestBody(matchingJsonPath("$.chat_id", com.github.tomakehurst.wiremock.client.WireMock.equalTo("88123")))
        .withRequestBody(matchingJsonPath("$.document", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
            "https://service.example.de/bestellungen/4711/lieferschein.pdf")))
        .withRequestBody(matchingJsonPath("$.caption"))
        .withRequestBody(matchingJsonPath("$.reply_parameters.message_id")));
  }

  @Test
  void cli_demoWithAdapterFlag_runsAgainstTheMockServer() {
    botApiAccepts();
    assertThat(ScrmCommand.execute("demo", "--adapter", "telegram", "--setting", "token=" + TOKEN,
        "--setting", "base-url=" + BOT_API.baseUrl())).isZero();
    assertThat(BOT_API.findAll(postRequestedFor(urlEqualTo(SEND)))).hasSize(2);
    assertThat(BOT_API.findAll(postRequestedFor(urlEqualTo(SEND_DOCUMENT)))).hasSize(1);
  }

  @Test
  void cli_demoWithUnknownAdapter_exitsWithUsageError() {
    assertThat(ScrmCommand.execute("demo", "--adapter", "fax")).isEqualTo(2);
  }
}
