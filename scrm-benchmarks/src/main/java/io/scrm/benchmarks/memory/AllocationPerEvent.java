package io.scrm.benchmarks.memory;

import io.scrm.benchmarks.pipeline.PeerPipeline;
import io.scrm.benchmarks.pipeline.ScrmPipeline;
import io.scrm.benchmarks.pipeline.TelegramUpdates;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Bytes the channel pipeline allocates per event, counted by the JVM for the running thread
 * ({@code com.sun.management.ThreadMXBean#getThreadAllocatedBytes}) over whole passes of the pipeline
 * benchmark's workload, after warm-up passes that let the compiler settle. Unlike throughput, this
 * figure does not move with the host's load, so it shows small changes that timing on a shared
 * machine cannot. Each pass starts on fresh stores sized for the workload; their tables are allocated
 * by the pass's first event, which is not counted.
 *
 * <pre>
 * java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.memory.AllocationPerEvent 50000 [streaming]
 * </pre>
 */
public final class AllocationPerEvent {
  private AllocationPerEvent() {}

  /**
   * Runs the measurement.
   *
   * @param args chats in the workload (default 50,000, 4 messages each); {@code streaming} as the
   *     second argument for the benchmark's own parse instead of scrm's Telegram adapter
   */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 50_000, args.length < 2 || !args[1].equals("streaming"),
        4, 4, System.out);
  }

  /**
   * Measures scrm and the peer pipeline on the same workload.
   *
   * @param chats conversations in the workload, four messages each, every 20th delivery repeated
   * @param throughAdapter true to parse with scrm's Telegram adapter, false for the benchmark's parse
   * @param warmups passes before the counted ones
   * @param passes counted passes
   * @param out where the figures go
   * @return bytes scrm allocates per event, the mean of the counted passes
   */
  public static double run(int chats, boolean throughAdapter, int warmups, int passes, PrintStream out) {
    List<byte[]> bodies = TelegramUpdates.generate(chats, 4, 20, 42);
    double scrm = allocated(bodies, () -> new ScrmPipeline(1_000, bodies.size(), throughAdapter)::process,
        warmups, passes, throughAdapter ? "scrm (Telegram adapter)" : "scrm (benchmark's parse)", out);
    allocated(bodies, () -> new PeerPipeline(1_000)::process, Math.min(warmups, 1), Math.min(passes, 1), "peer", out);
    return scrm;
  }

  private static double allocated(List<byte[]> bodies, Supplier<Consumer<byte[]>> pipelines, int warmups,
      int passes, String name, PrintStream out) {
    com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    long thread = Thread.currentThread().getId();
    double sum = 0;
    for (int pass = 0; pass < warmups + passes; pass++) {
      Consumer<byte[]> pipeline = pipelines.get();
      pipeline.accept(bodies.get(0));
      long before = threads.getThreadAllocatedBytes(thread);
      for (int i = 1; i < bodies.size(); i++) {
        pipeline.accept(bodies.get(i));
      }
      long bytes = threads.getThreadAllocatedBytes(thread) - before;
      if (pass >= warmups) {
        sum += bytes / (double) (bodies.size() - 1);
      }
    }
    double perEvent = sum / passes;
    out.printf("%s  events=%d  passes=%d (after %d warm-up)  allocated per event=%.0f bytes%n", name, bodies.size(),
        passes, warmups, perEvent);
    return perEvent;
  }
}
