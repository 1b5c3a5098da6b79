package io.scrm.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.examples.cli.ScrmCommand;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class DemoOnPostgresTest {

  @Test
  void demo_withJdbcUrl_runsOnPostgres() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      int status = ScrmCommand.execute("demo", "--jdbc-url", url);
      assertThat(status).isZero();
    } finally {
      System.setOut(original);
    }
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("stores on PostgreSQL").contains("redelivery         -> DUPLICATE").contains("REPLY_QUEUED");
  }
}
