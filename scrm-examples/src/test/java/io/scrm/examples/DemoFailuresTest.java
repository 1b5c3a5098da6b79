package io.scrm.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.scrm.examples.cli.ScrmCommand;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The demo's command line when the world is not as the script expects: a Bot API that refuses, no database. */
final class DemoFailuresTest {
  @RegisterExtension
  static final WireMockExtension BOT_API = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort())
      .build();

  private record Run(int status, String out, String err) {}

  private static Run capture(IntSupplier command) {
    PrintStream out = System.out;
    PrintStream err = System.err;
    ByteArrayOutputStream o = new ByteArrayOutputStream();
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    try {
      System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
      System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
      int status = command.getAsInt();
      return new Run(status, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(out);
      System.setErr(err);
    }
  }

  @Test
  void demoOnTheTelegramAdapter_botApiRefusesTheToken_runsToTheEndAndSaysWhyTheCaseStaysOpen() {
    BOT_API.stubFor(post(anyUrl()).willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json")
        .withBody("{\"ok\":false,\"error_code\":401,\"description\":\"Unauthorized\"}")));

    Run run = capture(() -> ScrmCommand.execute("demo", "--adapter", "telegram", "--setting", "token=123:wrong",
        "--setting", "base-url=" + BOT_API.baseUrl()));

    assertThat(run.err()).doesNotContain("IllegalCommandException").doesNotContain("\tat ");
    assertThat(run.out()).contains("RESOLVE           -> refused: guard not met: answer sent on origin channel")
        .contains("6. Consent");
    assertThat(run.status()).isZero();
  }

  @Test
  void demoOnAnUnreachableDatabase_isOneClearLineAndAFailingStatus() {
    Run run = capture(() -> ScrmCommand.execute("demo", "--jdbc-url", "jdbc:postgresql://127.0.0.1:9/scrm"));

    assertThat(run.status()).isNotZero();
    assertThat(run.err()).startsWith("scrm demo: ").contains("127.0.0.1:9").doesNotContain("\tat ");
  }

  @Test
  void demoWithAMisspeltSetting_isRefusedBeforeAnythingIsSent() {
    Run run = capture(() -> ScrmCommand.execute("demo", "--adapter", "telegram", "--setting", "token=123:abc",
        "--setting", "base_url=" + BOT_API.baseUrl()));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).startsWith("scrm demo: ").contains("'base_url'").contains("base-url")
        .doesNotContain("123:abc").doesNotContain("\tat ");
    assertThat(run.out()).doesNotContain("1. ");
    assertThat(BOT_API.getAllServeEvents()).isEmpty();
  }

  @Test
  void demoWithASettingButNoAdapter_isAUsageError() {
    Run run = capture(() -> ScrmCommand.execute("demo", "--setting", "token=123:abc"));

    assertThat(run.status()).isEqualTo(2);
    assertThat(run.err()).contains("--setting needs --adapter").doesNotContain("\tat ");
  }
}
