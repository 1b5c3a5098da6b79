package io.scrm.benchmarks.pipeline;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

/**
 * End to end in memory, events per second: raw Telegram-style webhook bytes → parse → de-duplicate
 * → identity → route (1,000 rules) → case → outbox, by scrm on one and two threads, and by the peer
 * pipeline on one thread. 50,000 chats × 4 messages, every 20th delivery repeated; the stores start
 * over whenever the workload wraps.
 *
 * <pre>
 * java -jar scrm-benchmarks/target/benchmarks.jar pipeline.PipelineBenchmark -f 1 -wi 2 -i 3 -w 2s -r 2s
 * </pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class PipelineBenchmark {
  static final int RULES = 1_000;
  private static final List<byte[]> BODIES = TelegramUpdates.generate(50_000, 4, 20, 42);

  /** Creates the benchmark; JMH calls this. */
  public PipelineBenchmark() {}

  /** Walks the workload; whoever wraps it starts the stores over. */
  abstract static class Workload {
    private final AtomicLong cursor = new AtomicLong();

    byte[] next() {
      long i = cursor.getAndIncrement();
      int index = (int) (i % BODIES.size());
      if (index == 0 && i > 0) {
        reset();
      }
      return BODIES.get(index);
    }

    abstract void reset();
  }

  /** The scrm pipeline, shared by the benchmark's threads. */
  @State(Scope.Benchmark)
  public static class Scrm extends Workload {
    /** Entries the in-memory stores are sized for; 0: the default stores that grow as they fill. */
    @Param({"0", "250000"})
    public int storeSize;

    /**
     * How a body is parsed: {@code streaming}, the benchmark's parse of the fields it needs, or
     * {@code adapter}, scrm's {@code TelegramAdapter} as a host uses it.
     */
    @Param({"streaming", "adapter"})
    public String parse;

    ScrmPipeline pipeline;

    /** Creates the state; JMH calls this. */
    public Scrm() {}

    /** Builds a fresh pipeline per iteration. */
    @Setup(Level.Iteration)
    public void setUp() {
      pipeline = new ScrmPipeline(RULES, storeSize, "adapter".equals(parse));
    }

    @Override
    void reset() {
      pipeline.reset();
    }
  }

  /** The peer pipeline. */
  @State(Scope.Benchmark)
  public static class Peer extends Workload {
    PeerPipeline pipeline;

    /** Creates the state; JMH calls this. */
    public Peer() {}

    /** Builds a fresh pipeline per iteration. */
    @Setup(Level.Iteration)
    public void setUp() {
      pipeline = new PeerPipeline(RULES);
    }

    @Override
    void reset() {
      pipeline.reset();
    }
  }

  /**
   * scrm on one thread.
   *
   * @param s the state
   * @return the result, against dead-code elimination
   */
  @Benchmark
  @Threads(1)
  public Object scrmOneThread(Scrm s) {
    return s.pipeline.process(s.next());
  }

  /**
   * scrm on two threads.
   *
   * @param s the state
   * @return the result
   */
  @Benchmark
  @Threads(2)
  public Object scrmTwoThreads(Scrm s) {
    return s.pipeline.process(s.next());
  }

  /**
   * The peer pipeline on one thread.
   *
   * @param s the state
   * @return the result
   */
  @Benchmark
  @Threads(1)
  public boolean peerOneThread(Peer s) {
    return s.pipeline.process(s.next());
  }
}
