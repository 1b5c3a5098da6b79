package io.scrm.benchmarks.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the load harness on a tiny workload so it cannot rot; asserts results, never timings. */
final class PostgresLoadSmokeTest {

  @Test
  void run_tinyWorkload_ingestsEverythingAndDrainsOutbox() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    List<Object> figures = PostgresLoad.run(20, 20, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    assertThat(figures).hasSize(3);
    assertThat((PostgresLoad.IngestFigures) figures.get(1)).satisfies(f -> {
      assertThat(f.instances()).isEqualTo(2);
      assertThat(f.messages()).isEqualTo(80);
    });
    assertThat(((PostgresLoad.OutboxFigures) figures.get(2)).messages()).isEqualTo(20);
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("ingest  instances=1").contains("outbox  messages=20");
  }
}
