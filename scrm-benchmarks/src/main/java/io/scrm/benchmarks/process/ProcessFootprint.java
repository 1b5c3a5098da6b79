package io.scrm.benchmarks.process;

import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.process.ProcessDefinition;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures with JOL what a case costs each library beyond the case itself: the per-case machine
 * state, with the shared definition subtracted. Run:
 * {@code java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.process.ProcessFootprint}.
 */
public final class ProcessFootprint {
  private ProcessFootprint() {}

  /**
   * Prints the figures.
   *
   * @param args none
   * @throws Exception if a peer cannot be configured
   */
  public static void main(String[] args) throws Exception {
    measure(new PrintStream(System.out, true, StandardCharsets.UTF_8));
  }

  /**
   * Measures and prints the per-case bytes of each library.
   *
   * @param out where to print
   * @return bytes per case by library
   * @throws Exception if a peer cannot be configured
   */
  public static Map<String, Long> measure(PrintStream out) throws Exception {
    // records' field offsets are only readable this way (before JOL initialises)
    System.setProperty("jol.magicFieldOffset", "true");
    Map<String, Long> bytes = new LinkedHashMap<>();
    Case c = BenchProcess.startCase(0);
    ProcessDefinition definition = BenchProcess.scrm();
    // scrm keeps no machine per case: the case's state field points to a shared CaseState constant
    GraphLayout shared = GraphLayout.parseInstance(definition, CaseState.IN_PROGRESS);
    bytes.put("scrm", GraphLayout.parseInstance(c.state()).subtract(shared).totalSize());

    Peers.Stateless4j s4 = new Peers.Stateless4j(c);
    GraphLayout s4Shared = GraphLayout.parseInstance(s4.config, s4.ctx, CaseState.IN_PROGRESS, c);
    bytes.put("stateless4j", GraphLayout.parseInstance(s4.machine(c.state())).subtract(s4Shared).totalSize());

    Peers.Squirrel sq = new Peers.Squirrel(c);
    Peers.SquirrelMachine first = sq.machine(c.state());
    Peers.SquirrelMachine second = sq.machine(c.state());
    // what two machines share (definition, states, actions) is not per case
    GraphLayout sqShared = GraphLayout.parseInstance(first, sq.builder, sq.ctx, c);
    bytes.put("squirrel-foundation", GraphLayout.parseInstance(second).subtract(sqShared).totalSize());

    Peers.Spring sp = new Peers.Spring(c);
    GraphLayout spAll = GraphLayout.parseInstance(sp.machine);
    bytes.put("spring-statemachine (whole machine; one per case if not reset)", spAll.totalSize());

    bytes.forEach((k, v) -> out.printf("per-case machine state  %-62s %,8d B%n", k, v));
    return bytes;
  }
}
