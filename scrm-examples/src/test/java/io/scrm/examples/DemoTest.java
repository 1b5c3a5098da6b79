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

    assertThat(report.interactions()).as("four messages; the redelivery and the edit create none").isEqualTo(4);
    assertThat(report.contacts()).isEqualTo(4);
    assertThat(report.outbound()).isEqualTo(3);
    assertThat(out).contains("redelivery         -> DUPLICATE").contains("edit               -> EDITED")
        .contains("Störung Köln-Nippes").contains("REPLY_QUEUED");
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
