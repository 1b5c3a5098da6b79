package io.scrm.benchmarks.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import org.junit.jupiter.api.Test;

/** Runs the drain on a small backlog so the benchmark cannot rot; asserts results, never timings. */
final class OutboxDrainBenchmarkSmokeTest {

  @Test
  void drain_sendsEveryDueMessageOnce_andLeavesTheOnesInBackoff() {
    // messages a millisecond apart, and all created at one instant
    for (int spacing : new int[] {1, 0}) {
      OutboxDrainBenchmark.Backlog b = new OutboxDrainBenchmark.Backlog();
      b.messages = 1_050;
      b.backoff = 0.5;
      b.spacingMillis = spacing;
      b.fill();

      int sent = new OutboxDrainBenchmark().drain(b);

      assertThat(sent).isEqualTo(525);
      assertThat(b.outbox.findByStatus(OutboxStatus.SENT)).hasSize(525)
          .allSatisfy(m -> assertThat(m.attempts()).isEqualTo(1))
          .extracting(OutboundMessage::providerId).doesNotHaveDuplicates();
      assertThat(b.outbox.findByStatus(OutboxStatus.PENDING)).hasSize(525)
          .allSatisfy(m -> assertThat(m.nextAttemptAt()).isAfter(b.now));
      assertThat(b.outbox.findDue(b.now, 10)).isEmpty();
    }
  }
}
