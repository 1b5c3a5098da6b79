package io.scrm.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.List;

/**
 * A plain-loop companion to {@link PipelineBenchmark} for machines too busy for short JMH runs to
 * reach a steady state: passes of the whole workload through the scrm pipeline (200,000 events) and
 * the first {@code peerEvents} through the peer pipeline, each pass on fresh state, printing the cost
 * per event and the ratio; the later passes are the warmed figures.
 *
 * <pre>
 * java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.pipeline.PipelineThroughput 4 40000
 * </pre>
 *
 * <p>A third argument sizes the in-memory stores for that many entries ({@code 250000} holds a pass
 * without a resize); without it they grow as they fill.
 */
public final class PipelineThroughput {
  private PipelineThroughput() {}

  /**
   * Runs the passes.
   *
   * @param args passes (default 4), peer events per pass (default 40,000), store size (default 0:
   *     growing stores)
   */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 4, 50_000, args.length > 1 ? Integer.parseInt(args[1]) : 40_000,
        args.length > 2 ? Integer.parseInt(args[2]) : 0, System.out);
  }

  /**
   * Runs the passes.
   *
   * @param passes how many passes
   * @param chats chats in the workload (4 messages each)
   * @param peerEvents events per pass through the peer pipeline
   * @param expectedSize entries the scrm stores are sized for, or 0 for growing stores
   * @param out where each pass's figures are printed
   * @return the last pass's ratio of peer to scrm cost per event
   */
  public static double run(int passes, int chats, int peerEvents, int expectedSize, PrintStream out) {
    List<byte[]> bodies = TelegramUpdates.generate(chats, 4, 20, 42);
    int peerCount = Math.min(peerEvents, bodies.size());
    double ratio = 0;
    for (int pass = 1; pass <= passes; pass++) {
      ScrmPipeline scrm = new ScrmPipeline(PipelineBenchmark.RULES, expectedSize);
      long t0 = System.nanoTime();
      for (byte[] body : bodies) {
        scrm.process(body);
      }
      long t1 = System.nanoTime();
      PeerPipeline peer = new PeerPipeline(PipelineBenchmark.RULES);
      for (int i = 0; i < peerCount; i++) {
        peer.process(bodies.get(i));
      }
      long t2 = System.nanoTime();
      double scrmMicros = (t1 - t0) / 1e3 / bodies.size();
      double peerMicros = (t2 - t1) / 1e3 / peerCount;
      ratio = peerMicros / scrmMicros;
      out.printf("pass %d  scrm %.1f µs/event (%.0f events/s)  peer %.1f µs/event (%.0f events/s)  ratio %.1f×%n",
          pass, scrmMicros, 1e6 / scrmMicros, peerMicros, 1e6 / peerMicros, ratio);
    }
    return ratio;
  }
}
