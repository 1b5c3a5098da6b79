package io.scrm.benchmarks.memory;

import io.scrm.benchmarks.pipeline.PeerPipeline;
import io.scrm.benchmarks.pipeline.ScrmPipeline;
import io.scrm.benchmarks.pipeline.TelegramUpdates;
import java.io.PrintStream;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Heap that the channel pipeline keeps per processed event: used heap after full collections,
 * before and after one pass of the pipeline benchmark's workload, for scrm and the peer pipeline.
 * What a pipeline keeps is what every young collection has to copy, so this figure drives the
 * collector's share of the pipeline's time. The copy costs per object more than per byte (each
 * object is a dependent memory access and a forwarding step), so the objects kept per event are
 * counted too, from the JVM's class histogram, with the classes that keep the most.
 *
 * <pre>
 * java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.memory.HeapPerEvent 50000 [growing]
 * </pre>
 */
public final class HeapPerEvent {
  /** Classes listed under each pipeline's figures, most objects kept first. */
  private static final int TOP_CLASSES = 10;

  private HeapPerEvent() {}

  /**
   * Runs the measurement.
   *
   * @param args chats in the workload (default 50,000, 4 messages each); {@code growing} as the
   *     second argument for stores that start small instead of stores sized for the workload
   */
  public static void main(String[] args) {
    run(args.length > 0 ? Integer.parseInt(args[0]) : 50_000, args.length < 2 || !args[1].equals("growing"),
        System.out);
  }

  /**
   * Measures both pipelines on the same workload, with the scrm stores sized for it.
   *
   * @param chats conversations in the workload, four messages each, every 20th delivery repeated
   * @param out where the figures go
   * @return bytes scrm keeps per event
   */
  public static double run(int chats, PrintStream out) {
    return run(chats, true, out);
  }

  /**
   * Measures both pipelines on the same workload.
   *
   * @param chats conversations in the workload, four messages each, every 20th delivery repeated
   * @param sized true for stores sized for the workload ({@code Stores.inMemory(events)}), false for
   *     stores that start small and grow
   * @param out where the figures go
   * @return bytes scrm keeps per event
   */
  public static double run(int chats, boolean sized, PrintStream out) {
    List<byte[]> bodies = TelegramUpdates.generate(chats, 4, 20, 42);
    double scrm = kept(bodies, () -> {
      ScrmPipeline pipeline = new ScrmPipeline(1_000, sized ? bodies.size() : 0);
      return pipeline::process;
    }, sized ? "scrm (sized stores)" : "scrm (growing stores)", out);
    kept(bodies, () -> {
      PeerPipeline pipeline = new PeerPipeline(1_000);
      return pipeline::process;
    }, "peer", out);
    return scrm;
  }

  private static double kept(List<byte[]> bodies, Supplier<Consumer<byte[]>> pipelines,
      String name, PrintStream out) {
    long before = usedAfterGc();
    Consumer<byte[]> pipeline = pipelines.get();
    long empty = usedAfterGc();
    Map<String, long[]> emptyClasses = ClassHistogram.take();
    for (byte[] body : bodies) {
      pipeline.accept(body);
    }
    long after = usedAfterGc();
    Map<String, long[]> afterClasses = ClassHistogram.take();
    double perEvent = (after - empty) / (double) bodies.size();
    out.printf("%s  events=%d  empty pipeline=%.1f MiB  kept=%.1f MiB  per event=%.0f bytes", name, bodies.size(),
        (empty - before) / 1048576.0, (after - empty) / 1048576.0, perEvent);
    if (afterClasses.isEmpty()) {
      out.println("  objects per event=n/a (no class histogram on this JVM)");
    } else {
      out.printf("  objects per event=%.2f%n", ClassHistogram.added(afterClasses, emptyClasses) / (double) bodies.size());
      for (String line : ClassHistogram.top(afterClasses, emptyClasses, bodies.size(), TOP_CLASSES)) {
        out.println("    " + line);
      }
    }
    Reference.reachabilityFence(pipeline); // the pipeline must not be collected before the measurement
    return perEvent;
  }

  private static long usedAfterGc() {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
