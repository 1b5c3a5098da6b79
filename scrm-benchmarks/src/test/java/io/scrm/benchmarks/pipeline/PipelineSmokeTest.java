package io.scrm.benchmarks.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.benchmarks.memory.AllocationPerEvent;
import io.scrm.benchmarks.memory.HeapPerContact;
import io.scrm.benchmarks.memory.HeapPerEvent;
import io.scrm.core.IngestResult;
import io.scrm.core.model.Case;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboxStatus;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Runs the pipeline harnesses on tiny workloads so they cannot rot; asserts results, never timings. */
final class PipelineSmokeTest {
  private final List<byte[]> bodies = TelegramUpdates.generate(100, 4, 20, 7);

  @Test
  void parse_telegramUpdate_keepsIdsAsText() throws Exception {
    Interaction i = TelegramUpdates.parse(bodies.get(0));
    assertThat(i.channel()).isEqualTo(ChannelId.TELEGRAM);
    assertThat(i.externalId()).isEqualTo("5000000000:1");
    assertThat(i.threadId()).isEqualTo("5000000000");
    assertThat(i.authorHandle()).isEqualTo("kunde_0");
    assertThat(i.text()).isNotBlank();
  }

  @Test
  void parseBenchmark_bothParses_readTheSameMessage() throws Exception {
    List<byte[]> workload = TelegramUpdates.generate(1_000, 4, 0, 42); // the benchmark's
    TelegramParseBenchmark benchmark = new TelegramParseBenchmark();
    Interaction first = TelegramUpdates.parse(workload.get(0));
    Interaction parsed = benchmark.adapter();
    assertThat(parsed.externalId()).isEqualTo(first.externalId());
    assertThat(parsed.threadId()).isEqualTo(first.threadId());
    assertThat(parsed.text()).isEqualTo(first.text());
    assertThat(benchmark.jacksonTree().path("message").path("text").asText())
        .isEqualTo(TelegramUpdates.parse(workload.get(1)).text());
  }

  @Test
  void scrmAndPeer_sameWorkload_sameCasesAndAcknowledgements() throws Exception {
    ScrmPipeline scrm = new ScrmPipeline(PipelineBenchmark.RULES);
    PeerPipeline peer = new PeerPipeline(PipelineBenchmark.RULES);
    long duplicates = 0;
    long peerDuplicates = 0;
    for (byte[] body : bodies) {
      duplicates += scrm.process(body).outcome() == IngestResult.Outcome.DUPLICATE ? 1 : 0;
      peerDuplicates += peer.process(body) ? 0 : 1;
    }
    assertThat(duplicates).isEqualTo(peerDuplicates).isPositive();
    assertThat(scrm.crm().stores().interactions().findByThread(ChannelId.TELEGRAM, "5000000000")).hasSize(4);
    assertThat(scrm.crm().stores().outbox().findByStatus(OutboxStatus.PENDING)).hasSize(100);
    assertThat(peer.cases()).isEqualTo(100);
    assertThat(scrm.crm().stores().cases().count()).isEqualTo(peer.cases());
    assertThat(peer.outboxSize()).isEqualTo(100);
    int routed = 0;
    for (byte[] body : bodies) {
      Interaction m = TelegramUpdates.parse(body);
      Case c = scrm.crm().stores().cases().findOpenByThread(ChannelId.TELEGRAM, m.threadId()).orElseThrow();
      String queue = c.queue() == null ? "default" : c.queue();
      assertThat(queue).as("queue of chat %s", m.threadId()).isEqualTo(peer.queueOf(m.threadId()));
      routed += c.queue() == null ? 0 : 1;
    }
    assertThat(routed).as("messages in routed cases").isPositive();
  }

  @Test
  void scrmThroughTelegramAdapter_sameWorkload_sameOutcomesAsTheStreamingParse() {
    ScrmPipeline streaming = new ScrmPipeline(PipelineBenchmark.RULES, 0, false);
    ScrmPipeline adapter = new ScrmPipeline(PipelineBenchmark.RULES, 0, true);
    for (byte[] body : bodies) {
      assertThat(adapter.process(body).outcome()).isEqualTo(streaming.process(body).outcome());
    }
    assertThat(adapter.crm().stores().cases().count()).isEqualTo(streaming.crm().stores().cases().count())
        .isEqualTo(100);
    assertThat(adapter.crm().stores().contacts().count()).isEqualTo(100);
    assertThat(adapter.crm().stores().outbox().findByStatus(OutboxStatus.PENDING)).hasSize(100);
  }

  @Test
  void latencyAndHeapHarnesses_tinyRuns_reportFigures() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    PipelineLatency.Figures f = PipelineLatency.run(500, 200, 200, 4_000, out);
    HeapPerContact.run(2_000, out); // too few contacts for a meaningful figure
    HeapPerEvent.run(200, out);
    HeapPerEvent.run(200, false, out);
    double allocated = AllocationPerEvent.run(200, true, 1, 1, out);

    double ratio = PipelineThroughput.run(1, 200, 200, 0, out);
    List<Double> rates = PipelineScale.run(1, List.of(20, 100), 800, out);

    assertThat(ratio).isPositive();
    assertThat(rates).hasSize(2).allSatisfy(rate -> assertThat(rate).isPositive());
    assertThat(allocated).isGreaterThan(1_000); // a parsed update alone allocates more
    assertThat(f.events()).isPositive();
    assertThat(f.p99Micros()).isPositive();
    assertThat(f.floor().events()).isPositive();
    assertThat(f.floor().p99Micros()).isPositive().isLessThanOrEqualTo(f.floor().maxMicros());
    assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("p99=").contains("host floor (a ").contains("per contact=")
        .contains("scrm (sized stores)  events=").contains("objects per event=").contains("scrm (growing stores)  events=").contains("peer  events=")
        .contains("scrm (Telegram adapter)  events=").contains("passes=1 (after 1 warm-up)  allocated per event=")
        .contains("20 conversations per pipeline: ").contains("100 conversations per pipeline: ");
  }
}
