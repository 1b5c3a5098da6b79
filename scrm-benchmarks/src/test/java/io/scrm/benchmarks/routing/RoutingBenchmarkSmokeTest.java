package io.scrm.benchmarks.routing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Runs every engine of the routing benchmark on small tables so the harness cannot rot; asserts results, never timings. */
final class RoutingBenchmarkSmokeTest {

  @Test
  void allEngines_sameTable_pickTheSameRuleAsThePlainLoop() {
    for (int matchPercent : new int[] {0, 50, 100}) {
      RoutingTable table = RoutingTable.generate(100, matchPercent, 7);
      assertThat(table.matchRate()).isEqualTo(matchPercent / 100.0);
      ScrmRouting scrm = new ScrmRouting(table);
      EasyRulesRouting easy = new EasyRulesRouting(table);
      try (DroolsRouting drools = new DroolsRouting(table)) {
        for (int i = 0; i < RoutingTable.MESSAGES; i++) {
          int expected = table.expected()[i];
          assertThat(scrm.winner(i)).isEqualTo(expected);
          assertThat(scrm.routeFromText(i)).isSameAs(scrm.route(i));
          assertThat(easy.route(i)).isEqualTo(expected);
          assertThat(drools.route(i)).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void scrm_largeTable_equalsPlainLoop() {
    RoutingTable table = RoutingTable.generate(10_000, 50, 11);
    ScrmRouting scrm = new ScrmRouting(table);
    for (int i = 0; i < RoutingTable.MESSAGES; i++) {
      assertThat(scrm.winner(i)).isEqualTo(table.expected()[i]);
    }
  }
}
