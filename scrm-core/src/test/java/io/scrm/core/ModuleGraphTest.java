package io.scrm.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The module graph of the design: core knows no other scrm module, in its build nor in its code. */
final class ModuleGraphTest {

  @Test
  void core_dependsOnNoOtherScrmModule() throws IOException {
    String pom = Files.readString(Path.of("pom.xml"), StandardCharsets.UTF_8);
    String dependencies = pom.substring(pom.indexOf("<dependencies>"));
    assertThat(dependencies).doesNotContain("<groupId>io.scrm</groupId>");
    assertThat(Files.readString(Path.of("src/main/java/module-info.java"), StandardCharsets.UTF_8))
        .doesNotContain("requires io.scrm").doesNotContain("requires transitive io.scrm");
  }

  @Test
  void coreSources_importNoOtherScrmModule() throws IOException {
    try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
      sources.filter(p -> p.toString().endsWith(".java")).forEach(p -> {
        try {
          String code = Files.readString(p, StandardCharsets.UTF_8);
          assertThat(code).as(p.toString()).doesNotContainPattern("import io\\.scrm\\.(?!core)");
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
    }
  }
}
