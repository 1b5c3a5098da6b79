package io.scrm.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * What the stores' size costs the pipeline: about 200,000 events through scrm's pipeline (the real
 * Telegram adapter, stores sized up front), in pipelines that each see only so many conversations
 * before they start over on empty stores, for each size given. Small pipelines keep their tables in the
 * caches and their objects die young; a pipeline of 50,000 conversations keeps 200,000 events' worth
 * of objects that every young collection copies, and looks them up in tables far larger than the
 * caches. The difference between the two is what the stores' layout costs at scale.
 *
 * <pre>
 * java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.pipeline.PipelineScale 6 1000 50000
 * </pre>
 */
public final class PipelineScale {
  /** Events per pass, whatever the size of each pipeline. */
  static final int EVENTS = 200_000;

  private PipelineScale() {}

  /**
   * Runs the passes.
   *
   * @param args passes, then one or more numbers of conversations per pipeline (default 6 passes of
   *     1,000 and 50,000)
   */
  public static void main(String[] args) {
    int passes = args.length > 0 ? Integer.parseInt(args[0]) : 6;
    List<Integer> sizes = new ArrayList<>();
    for (int i = 1; i < args.length; i++) {
      sizes.add(Integer.parseInt(args[i]));
    }
    run(passes, sizes.isEmpty() ? List.of(1_000, 50_000) : sizes, EVENTS, System.out);
  }

  /**
   * Runs the passes, the sizes alternating within each pass.
   *
   * @param passes how many passes
   * @param sizes conversations per pipeline, each 4 messages and every 20th delivered twice
   * @param events about how many events each size processes per pass
   * @param out where each pass's figures are printed
   * @return the last pass's events per second, in the order of {@code sizes}
   */
  public static List<Double> run(int passes, List<Integer> sizes, int events, PrintStream out) {
    List<Double> last = new ArrayList<>();
    for (int pass = 1; pass <= passes; pass++) {
      last.clear();
      StringBuilder line = new StringBuilder("pass ").append(pass);
      for (int chats : sizes) {
        double rate = eventsPerSecond(chats, events);
        last.add(rate);
        line.append(String.format("  %,d conversations per pipeline: %.1fk events/s", chats, rate / 1e3));
      }
      out.println(line);
    }
    return List.copyOf(last);
  }

  private static double eventsPerSecond(int chats, int events) {
    List<byte[]> bodies = TelegramUpdates.generate(chats, 4, 20, 42);
    int pipelines = Math.max(1, events / bodies.size());
    // one router and adapter; each pipeline starts on empty stores of its own
    ScrmPipeline scrm = new ScrmPipeline(PipelineBenchmark.RULES, bodies.size() + bodies.size() / 4, true);
    long processed = 0;
    long start = System.nanoTime();
    for (int p = 0; p < pipelines; p++) {
      if (p > 0) {
        scrm.reset();
      }
      for (byte[] body : bodies) {
        scrm.process(body);
        processed++;
      }
    }
    return processed / ((System.nanoTime() - start) / 1e9);
  }
}
