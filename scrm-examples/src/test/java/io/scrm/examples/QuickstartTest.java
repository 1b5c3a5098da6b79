package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class QuickstartTest {

  @Test
  void run_answersCustomerThroughOutbox() {
    assertThat(Quickstart.run()).isEqualTo("NEW reply queued=true");
  }

  @Test
  void readme_quickstartSnippet_isTheCompiledCode() throws IOException {
    String source = Files.readString(Path.of("src/main/java/io/scrm/examples/Quickstart.java"), StandardCharsets.UTF_8);
    String code = between(source, "// quickstart:begin\n", "    // quickstart:end");
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);

    assertThat(readme).contains(dedent(code));
  }

  private static String between(String text, String begin, String end) {
    int from = text.indexOf(begin) + begin.length();
    return text.substring(from, text.indexOf(end, from));
  }

  private static String dedent(String code) {
    List<String> lines = code.lines().collect(Collectors.toList());
    return lines.stream().map(l -> l.startsWith("    ") ? l.substring(4) : l).collect(Collectors.joining("\n"));
  }
}
