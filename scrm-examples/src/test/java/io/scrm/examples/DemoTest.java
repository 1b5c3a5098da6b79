package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.examples.cli.ScrmCommand;
import io.scrm.examples.demo.DemoScenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class DemoTest {

  @Test
  void demo_runsWholeScenario_withExpectedFigures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DemoScenario.DemoReport report = new DemoScenario(new PrintStream(bytes, true, StandardCharsets.UTF_8)).run();
    String out = bytes.toString(StandardCharsets.UTF_8);

    assertThat(out).contains("redelivery         -> DUPLICATE").contains("edit               -> EDITED")
        .contains("Störung Köln-Nippes").contains("polled: 1 new, cursor 1").contains("REPLY_QUEUED");
    // listening: the storm raises the early warning, opens one crisis case, informs the consenting subscriber
    assertThat(out).contains("8 public posts heard as mentions, 1 ignored")
        .contains("EARLY WARNING on \"stoerung\"").contains("priority URGENT, queue krisenstab")
        .contains("broadcast to subscribers: 1 queued, 1 refused")
        .contains("8 public replies queued");
    // consent: denial with its reason, double opt-in, withdrawal stops the queued newsletter, export + erasure
    assertThat(out).contains("marketing DM to Kai (found by monitoring): denied — no marketing consent recorded")
        .contains("double opt-in: confirmed -> CONFIRMED").contains("the same link clicked again -> ALREADY_USED")
        .contains("the queued newsletter, asked again by the dispatcher at send time: cancelled")
        .contains("Art. 17 erasure: 1 contact").contains("a scan for her address afterwards finds 0 messages")
        .contains("hash chain verifies");
    // routing: the house-builder becomes a scored, attributed lead of a sales advisor; service goes to queues
    assertThat(out).contains("lead-neubau matched").contains("queue vertrieb-neubau, assigned to mehmet.yilmaz")
        .contains("applied: [punkte-kampagne, punkte-beratung]")
        .contains("campaign hausbau-2026 (first touch: hausbau-2026 via facebook)")
        .contains("queue beschwerde, assigned to anna.weber").contains("queue stoerung, assigned to")
        .contains("queue datenschutz, assigned to datenschutz");
    // the case process: SLA warning, paused clocks while waiting, resolve refused until an answer went out
    assertThat(out).contains("SLA WARNING case").contains("first_response due at")
        .contains("ASK_CUSTOMER      -> WAITING_ON_CUSTOMER")
        .contains("command RESOLVE refused (guard not met: answer sent on origin channel)")
        .contains("RESOLVE           -> RESOLVED").contains("CLOSE             -> CLOSED")
        .contains("CUSTOMER_REPLIED  -> IN_PROGRESS (applied by the engine to his message)")
        .contains("found on telegram by customer; handled by [anna.weber]");
    // the audit trail names the agent in full and the customer only by a short pseudonymous id
    assertThat(out).containsPattern("TRIAGE +agent:anna\\.weber +NEW -> TRIAGED")
        .containsPattern("OPEN +customer:[0-9a-f]{8} +DIRECT PRIVATE");
    // replies really go out through the outbox and the channel, with one retried 500; the chat's
    // second reply waits for the first, so both go out in order a minute later
    assertThat(out).contains("dispatcher: 2 sent, 1 to retry").contains("2 sent, 0 in the dead-letter list")
        .containsSubsequence("as telegram-out-1", "as telegram-out-2, with 1 file")
        .contains("sent on telegram  thread 88123")
        .contains("sent on mastodon  thread 113507458223861761     public  as mastodon-out-1, "
            + "with 1 file and its alt text")
        .contains("dispatcher: 9 sent").contains("dispatcher: 0 sent, 1 cancelled");
    assertThat(report.leads()).isEqualTo(1);
    assertThat(report.contacts()).as("Monika's contact is erased").isGreaterThan(10);
  }

  @Test
  void cli_helpOnEveryCommand_exitsZero() {
    assertThat(ScrmCommand.execute("--help")).isZero();
    assertThat(ScrmCommand.execute("demo", "--help")).isZero();
  }

  @Test
  void cli_unknownCommand_exitsWithUsageError() {
    assertThat(ScrmCommand.execute("frobnicate")).isEqualTo(2);
  }
}
