package io.scrm.benchmarks.process;

import io.scrm.core.model.Case;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.ProcessDefinition;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One transition of the case process (guard, action, new immutable case with one audit entry) on
 * scrm and its peers, in two shapes:
 *
 * <ul>
 *   <li><b>hot</b>: one long-lived machine and one case, commands cycling ASK → REPLIED → RESOLVE →
 *       REOPEN → START;
 *   <li><b>rebuild</b>: 1,024 stored cases; per transition the case is loaded, a machine is set to its
 *       state, the command is applied and the case is stored again.
 * </ul>
 *
 * <p>Every 50 transitions a case goes back to its start, so audit trails stay short and alike.
 * Run: {@code java -jar scrm-benchmarks/target/benchmarks.jar CaseProcess -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CaseProcessBenchmark {
  static final int CASES = 1024;

  /** Cases and commands shared by the shapes. */
  @State(Scope.Thread)
  public static class Cases {
    final CaseCommand[] commands = BenchProcess.commands();
    Case hotStart;
    Case hot;
    int hotStep;
    final Case[] starts = new Case[CASES];
    final Case[] stored = new Case[CASES];
    final int[] steps = new int[CASES];
    int next;

    /** Builds the cases. */
    @Setup(Level.Trial)
    public void setUp() {
      hotStart = BenchProcess.startCase(-1);
      hot = hotStart;
      for (int i = 0; i < CASES; i++) {
        starts[i] = BenchProcess.startCase(i);
        stored[i] = starts[i];
      }
    }

    CaseCommand hotCommand() {
      if (hotStep == BenchProcess.STEPS) {
        hotStep = 0;
        hot = hotStart;
      }
      return commands[hotStep++];
    }

    /** Picks the next stored case; returns its index, its command is {@link #commandOf}. */
    int pick() {
      int k = next = (next + 1) & (CASES - 1);
      if (steps[k] == BenchProcess.STEPS) {
        steps[k] = 0;
        stored[k] = starts[k];
      }
      return k;
    }

    CaseCommand commandOf(int k) {
      return commands[steps[k]++];
    }
  }

  /** scrm's definition, shared. */
  @State(Scope.Benchmark)
  public static class Scrm {
    final ProcessDefinition definition = BenchProcess.scrm();
  }

  /** The peers, configured once. */
  @State(Scope.Thread)
  public static class PeerMachines {
    Peers.Stateless4j stateless4j;
    com.github.oxo42.stateless4j.StateMachine<io.scrm.core.model.CaseState, io.scrm.core.process.CommandKind>
        stateless4jHot;
    Peers.Squirrel squirrel;
    Peers.SquirrelMachine squirrelHot;
    Peers.Spring springHot;
    Peers.Spring springRebuild;

    /**
     * Configures the peers.
     *
     * @throws Exception if Spring Statemachine cannot be configured
     */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
      Case start = BenchProcess.startCase(-2);
      stateless4j = new Peers.Stateless4j(start);
      stateless4jHot = stateless4j.machine(start.state());
      squirrel = new Peers.Squirrel(start);
      squirrelHot = squirrel.machine(start.state());
      springHot = new Peers.Spring(start);
      springRebuild = new Peers.Spring(start);
    }
  }

  /**
   * scrm, hot.
   *
   * @param s the definition
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case scrmHot(Scrm s, Cases c) {
    CaseCommand cmd = c.hotCommand();
    return c.hot = s.definition.apply(c.hot, cmd, BenchProcess.NOW);
  }

  /**
   * stateless4j, hot.
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case stateless4jHot(PeerMachines p, Cases c) {
    CaseCommand cmd = c.hotCommand();
    return c.hot = p.stateless4j.fire(p.stateless4jHot, c.hot, cmd);
  }

  /**
   * squirrel-foundation, hot.
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case squirrelHot(PeerMachines p, Cases c) {
    CaseCommand cmd = c.hotCommand();
    return c.hot = p.squirrel.fire(p.squirrelHot, c.hot, cmd);
  }

  /**
   * Spring Statemachine, hot.
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case springHot(PeerMachines p, Cases c) {
    CaseCommand cmd = c.hotCommand();
    return c.hot = p.springHot.fire(c.hot, cmd);
  }

  /**
   * scrm, rebuild per case: the stored case is all the state there is.
   *
   * @param s the definition
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case scrmRebuild(Scrm s, Cases c) {
    int k = c.pick();
    return c.stored[k] = s.definition.apply(c.stored[k], c.commandOf(k), BenchProcess.NOW);
  }

  /**
   * stateless4j, rebuild per case: a machine over the shared configuration at the stored state.
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case stateless4jRebuild(PeerMachines p, Cases c) {
    int k = c.pick();
    Case loaded = c.stored[k];
    return c.stored[k] = p.stateless4j.fire(p.stateless4j.machine(loaded.state()), loaded, c.commandOf(k));
  }

  /**
   * squirrel-foundation, rebuild per case: a new machine from the shared builder at the stored state.
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case squirrelRebuild(PeerMachines p, Cases c) {
    int k = c.pick();
    Case loaded = c.stored[k];
    return c.stored[k] = p.squirrel.fire(p.squirrel.machine(loaded.state()), loaded, c.commandOf(k));
  }

  /**
   * Spring Statemachine, rebuild per case: one machine reset to the stored state (its persister recipe).
   *
   * @param p the peers
   * @param c the cases
   * @return the new case
   */
  @Benchmark
  public Case springRebuild(PeerMachines p, Cases c) {
    int k = c.pick();
    Case loaded = c.stored[k];
    p.springRebuild.reset(loaded.state());
    return c.stored[k] = p.springRebuild.fire(loaded, c.commandOf(k));
  }
}
