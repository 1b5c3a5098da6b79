package io.scrm.benchmarks.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.ErasureReport;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.IdentityKey;
import org.junit.jupiter.api.Test;

/** Runs the erasure on a small subject so the benchmark cannot rot; asserts results, never timings. */
final class ErasureBenchmarkSmokeTest {

  @Test
  void erase_removesEveryMessageOfTheSubject_andKeepsTheNeighbours() {
    ErasureBenchmark.Subject s = new ErasureBenchmark.Subject();
    s.messages = 250;
    s.fill();
    long before = s.crm.stores().interactions().count();

    ErasureReport report = new ErasureBenchmark().erase(s);

    assertThat(report.interactions()).isEqualTo(250);
    assertThat(s.crm.stores().interactions().count()).isEqualTo(before - 250).isEqualTo(25);
    assertThat(s.crm.stores().interactions().findByAuthor(IdentityKey.of(ChannelId.TELEGRAM, "juergen_h")))
        .isEmpty();
    assertThat(s.crm.stores().contacts().find(s.subject)).isEmpty();
  }
}
