package io.scrm.benchmarks.routing;

import io.scrm.core.routing.Rule;
import io.scrm.core.routing.RoutingDecision;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * First-match routing over the same seeded rule table (equality on channel, language and region plus
 * a keyword contained in the text) in scrm, Easy Rules 4.1.0, Drools (DRL generated from the table,
 * salience and one activation group) and a plain Java loop. Each engine's setup checks that it picks
 * the same rule as the plain loop for every message before anything is measured.
 *
 * <p>Run: {@code java -jar scrm-benchmarks/target/benchmarks.jar RoutingBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RoutingBenchmark {

  /** The table, shared by all engines of a trial. */
  @State(Scope.Benchmark)
  public static class Table {
    /** Number of rules. */
    @Param({"10", "100", "1000", "10000"})
    public int rules;

    /** Share of messages that match a rule, in percent. */
    @Param({"0", "50", "100"})
    public int matchPercent;

    RoutingTable table;

    /** Generates the table. */
    @Setup(Level.Trial)
    public void generate() {
      table = RoutingTable.generate(rules, matchPercent, 20261123L);
    }
  }

  /** A cursor over the messages, so that successive calls see different messages. */
  @State(Scope.Thread)
  public static class Cursor {
    int next;

    int advance() {
      return next++ & (RoutingTable.MESSAGES - 1);
    }
  }

  /** The plain loop. */
  @State(Scope.Thread)
  public static class Plain {
    PlainLoop loop;
    String[][] messages;

    /**
     * Prepares the loop.
     *
     * @param t the table
     */
    @Setup(Level.Trial)
    public void setup(Table t) {
      loop = new PlainLoop(t.table.rules());
      messages = t.table.messages().stream()
          .map(m -> new String[] {m.channel(), m.language(), m.region(), m.padded()}).toArray(String[][]::new);
      for (int i = 0; i < messages.length; i++) {
        verify("plain", route(i), t.table.expected()[i], i);
      }
    }

    int route(int i) {
      String[] m = messages[i];
      return loop.route(m[0], m[1], m[2], m[3]);
    }
  }

  /** scrm. */
  @State(Scope.Thread)
  public static class Scrm {
    ScrmRouting scrm;

    /**
     * Compiles the rules.
     *
     * @param t the table
     */
    @Setup(Level.Trial)
    public void setup(Table t) {
      scrm = new ScrmRouting(t.table);
      for (int i = 0; i < RoutingTable.MESSAGES; i++) {
        verify("scrm", scrm.winner(i), t.table.expected()[i], i);
      }
    }
  }

  /** Easy Rules. */
  @State(Scope.Thread)
  public static class Easy {
    EasyRulesRouting easy;

    /**
     * Registers the rules.
     *
     * @param t the table
     */
    @Setup(Level.Trial)
    public void setup(Table t) {
      easy = new EasyRulesRouting(t.table);
      for (int i = 0; i < RoutingTable.MESSAGES; i++) {
        verify("easy-rules", easy.route(i), t.table.expected()[i], i);
      }
    }
  }

  /** Drools. */
  @State(Scope.Thread)
  public static class Drools {
    DroolsRouting drools;

    /**
     * Compiles the DRL.
     *
     * @param t the table
     */
    @Setup(Level.Trial)
    public void setup(Table t) {
      drools = new DroolsRouting(t.table);
      for (int i = 0; i < RoutingTable.MESSAGES; i++) {
        verify("drools", drools.route(i), t.table.expected()[i], i);
      }
    }

    /** Disposes the session. */
    @TearDown(Level.Trial)
    public void close() {
      drools.close();
    }
  }

  static void verify(String engine, int got, int expected, int message) {
    if (got != expected) {
      throw new IllegalStateException(engine + " picked rule " + got + " for message " + message + ", plain loop "
          + expected);
    }
  }

  /**
   * The plain Java loop (reference).
   *
   * @param p the loop
   * @param c the cursor
   * @return the winner
   */
  @Benchmark
  public int plainLoop(Plain p, Cursor c) {
    return p.route(c.advance());
  }

  /**
   * scrm's compiled rule table, first match only.
   *
   * @param s scrm
   * @param c the cursor
   * @return the winner
   */
  @Benchmark
  public Rule scrm(Scrm s, Cursor c) {
    return s.scrm.route(c.advance());
  }

  /**
   * scrm's compiled rule table, first match, with the routing request built from the message's text
   * in the timed call (as the peers match on the text in theirs).
   *
   * @param s scrm
   * @param c cursor
   * @return the winning rule
   */
  @Benchmark
  public Rule scrmFromText(Scrm s, Cursor c) {
    return s.scrm.routeFromText(c.advance());
  }

  /**
   * scrm's full decision with explanation (losing candidates, all-match rules).
   *
   * @param s scrm
   * @param c the cursor
   * @return the decision
   */
  @Benchmark
  public RoutingDecision scrmExplained(Scrm s, Cursor c) {
    return s.scrm.decide(c.advance());
  }

  /**
   * Easy Rules 4.1.0.
   *
   * @param e easy rules
   * @param c the cursor
   * @return the winner
   */
  @Benchmark
  public int easyRules(Easy e, Cursor c) {
    return e.easy.route(c.advance());
  }

  /**
   * Drools.
   *
   * @param d drools
   * @param c the cursor
   * @return the winner
   */
  @Benchmark
  public int drools(Drools d, Cursor c) {
    return d.drools.route(c.advance());
  }
}
