package io.scrm.benchmarks.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.model.Case;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Runs each benchmark body for a few cycles so the benchmarks cannot rot; asserts results, never timings. */
final class CaseProcessBenchmarkSmokeTest {
  private static final int ROUNDS = 3 * BenchProcess.STEPS + 7;

  private static void assertHot(CaseProcessBenchmark.Cases c, Case last, int done) {
    int step = (done - 1) % BenchProcess.STEPS;
    assertThat(last.state()).isEqualTo(BenchProcess.stateAfter(step));
    assertThat(last.audit()).hasSize(3 + step + 1);
    assertThat(last.audit().get(last.audit().size() - 1).commandId()).isEqualTo("cmd-" + step);
    assertThat(last.assignee()).isEqualTo("anna");
  }

  @Test
  void hot_everyLibrary_runsTheSameProcess() throws Exception {
    CaseProcessBenchmark b = new CaseProcessBenchmark();
    CaseProcessBenchmark.Scrm scrm = new CaseProcessBenchmark.Scrm();
    CaseProcessBenchmark.PeerMachines peers = new CaseProcessBenchmark.PeerMachines();
    peers.setUp();
    for (int lib = 0; lib < 4; lib++) {
      CaseProcessBenchmark.Cases c = new CaseProcessBenchmark.Cases();
      c.setUp();
      Case last = null;
      for (int i = 1; i <= ROUNDS; i++) {
        last = switch (lib) {
          case 0 -> b.scrmHot(scrm, c);
          case 1 -> b.stateless4jHot(peers, c);
          case 2 -> b.squirrelHot(peers, c);
          default -> b.springHot(peers, c);
        };
        assertHot(c, last, i);
      }
    }
  }

  @Test
  void rebuild_everyLibrary_runsTheSameProcess() throws Exception {
    CaseProcessBenchmark b = new CaseProcessBenchmark();
    CaseProcessBenchmark.Scrm scrm = new CaseProcessBenchmark.Scrm();
    CaseProcessBenchmark.PeerMachines peers = new CaseProcessBenchmark.PeerMachines();
    peers.setUp();
    for (int lib = 0; lib < 4; lib++) {
      CaseProcessBenchmark.Cases c = new CaseProcessBenchmark.Cases();
      c.setUp();
      for (int i = 0; i < 2 * CaseProcessBenchmark.CASES + 5; i++) {
        switch (lib) {
          case 0 -> b.scrmRebuild(scrm, c);
          case 1 -> b.stateless4jRebuild(peers, c);
          case 2 -> b.squirrelRebuild(peers, c);
          default -> b.springRebuild(peers, c);
        }
      }
      // cases 1..5 had three transitions, the others two
      assertThat(c.stored[3].state()).isEqualTo(BenchProcess.stateAfter(2));
      assertThat(c.stored[3].audit()).hasSize(6);
      assertThat(c.stored[100].state()).isEqualTo(BenchProcess.stateAfter(1));
      assertThat(c.stored[100].audit()).hasSize(5);
    }
  }

  @Test
  void footprint_scrmKeepsNoMachinePerCase() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    Map<String, Long> sizes = ProcessFootprint.measure(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    assertThat(sizes.get("scrm")).isLessThanOrEqualTo(64L);
    assertThat(sizes.get("stateless4j")).isPositive();
  }
}
