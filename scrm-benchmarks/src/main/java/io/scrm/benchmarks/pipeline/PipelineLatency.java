package io.scrm.benchmarks.pipeline;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Latency of the scrm pipeline at a fixed rate: a warm-up, the peak rate on one thread, then a run paced
 * at half of it, recording each event's latency from its intended start (so a stall counts against
 * every event it delays) in an HdrHistogram.
 *
 * <pre>
 * java -cp scrm-benchmarks/target/benchmarks.jar io.scrm.benchmarks.pipeline.PipelineLatency 5 10
 * </pre>
 *
 * <p>A third argument sizes the in-memory stores for that many entries; without it they grow as they
 * fill, and each doubling of a large map stalls one event for milliseconds. A fourth sets the chats
 * in the workload (default 50,000, 4 messages each).
 *
 * <p>When the workload is used up, the pipeline starts over on empty stores so that the heap stays
 * bounded. A host never does that, so in the paced run the schedule stops while it happens (the new
 * stores' table allocation and their first 1,000 events are not timed); the run prints how often.
 *
 * <p>Then, after a full collection, the same paced loop runs at the same rate with a stand-in for
 * the pipeline: each event spins for the pipeline's mean time per event at peak, touching no memory
 * and allocating nothing.
 * Its percentiles are the floor the host and the JVM set on any figure of this loop (the operating
 * system taking the core away, timer and safepoint stalls): a pipeline cannot be measured below it
 * on that host.
 */
public final class PipelineLatency {

  /**
   * Figures of one run.
   *
   * @param peakPerSecond the measured peak rate
   * @param ratePerSecond the paced rate
   * @param events events in the paced run
   * @param p50Micros median latency
   * @param p99Micros 99th percentile
   * @param p999Micros 99.9th percentile
   * @param maxMicros the worst
   * @param floor the same paced loop with a stand-in that only spins for the pipeline's mean time
   *     per event: what the host alone adds
   */
  public record Figures(double peakPerSecond, double ratePerSecond, long events, double p50Micros,
      double p99Micros, double p999Micros, double maxMicros, Percentiles floor) {}

  /**
   * Latency percentiles of a paced run.
   *
   * @param events events in the run
   * @param p50Micros median latency
   * @param p99Micros 99th percentile
   * @param p999Micros 99.9th percentile
   * @param maxMicros the worst
   */
  public record Percentiles(long events, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    static Percentiles of(Histogram histogram) {
      return new Percentiles(histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e3,
          histogram.getValueAtPercentile(99) / 1e3, histogram.getValueAtPercentile(99.9) / 1e3,
          histogram.getMaxValue() / 1e3);
    }
  }

  /** One event of a paced run. */
  @FunctionalInterface
  private interface Step {
    /**
     * Runs one event and any untimed work after it.
     *
     * @return nanoseconds of untimed work after the event, for which the schedule stops
     */
    long run();
  }

  private PipelineLatency() {}

  /**
   * Runs the measurement.
   *
   * @param args seconds of the peak run and of the paced run (default 5 and 10), store size (default
   *     0: growing stores), chats in the workload (default 50,000, 4 messages each)
   */
  public static void main(String[] args) {
    int peakSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int pacedSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    int expectedSize = args.length > 2 ? Integer.parseInt(args[2]) : 0;
    int chats = args.length > 3 ? Integer.parseInt(args[3]) : 50_000;
    run(chats, peakSeconds * 1_000L, pacedSeconds * 1_000L, expectedSize, System.out);
  }

  /**
   * Measures peak, then paces at half of it.
   *
   * @param chats how many chats the workload has (4 messages each)
   * @param peakMillis length of the peak run
   * @param pacedMillis length of the paced run
   * @param expectedSize entries the stores are sized for, or 0 for growing stores
   * @param out where the figures are printed
   * @return the figures
   */
  public static Figures run(int chats, long peakMillis, long pacedMillis, int expectedSize, PrintStream out) {
    List<byte[]> bodies = TelegramUpdates.generate(chats, 4, 20, 42);
    ScrmPipeline pipeline = new ScrmPipeline(PipelineBenchmark.RULES, expectedSize);
    // warm-up (unmeasured), then the peak
    int index = 0;
    long warmEnd = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(peakMillis);
    while (System.nanoTime() < warmEnd) {
      pipeline.process(bodies.get(index));
      if (++index == bodies.size()) {
        index = 0;
        pipeline.reset();
      }
    }
    long events = 0;
    long start = System.nanoTime();
    long end = start + TimeUnit.MILLISECONDS.toNanos(peakMillis);
    while (System.nanoTime() < end) {
      for (int k = 0; k < 1_000; k++) {
        pipeline.process(bodies.get(index));
        if (++index == bodies.size()) {
          index = 0;
          pipeline.reset();
        }
      }
      events += 1_000;
    }
    double peak = events / ((System.nanoTime() - start) / 1e9);
    double rate = peak / 2;

    int[] next = {startOver(pipeline, bodies)};
    int[] resets = {0};
    Percentiles measured = paced(rate, pacedMillis, () -> {
      pipeline.process(bodies.get(next[0]));
      if (++next[0] < bodies.size()) {
        return 0;
      }
      // starting the stores over is the benchmark's way to bound its heap, not something a host
      // does: the schedule stops while it happens
      long pause = System.nanoTime();
      next[0] = startOver(pipeline, bodies);
      resets[0]++;
      return System.nanoTime() - pause;
    });
    long service = (long) (1e9 / peak);
    // a collection cycle the pipeline started must not run beside the stand-in: it is scrm's cost,
    // not the host's
    System.gc();
    Percentiles floor = paced(rate, pacedMillis, () -> {
      long until = System.nanoTime() + service;
      while (System.nanoTime() < until) {
        Thread.onSpinWait();
      }
      return 0;
    });
    Figures f = new Figures(peak, rate, measured.events(), measured.p50Micros(), measured.p99Micros(),
        measured.p999Micros(), measured.maxMicros(), floor);
    out.printf("peak=%.0f events/s  paced=%.0f events/s  events=%d  p50=%.1f µs  p99=%.1f µs  p99.9=%.1f µs  max=%.1f µs"
        + "  (stores started over %d times, untimed)%n", f.peakPerSecond(), f.ratePerSecond(), f.events(), f.p50Micros(),
        f.p99Micros(), f.p999Micros(), f.maxMicros(), resets[0]);
    out.printf("host floor (a %d ns spin per event, same rate)  events=%d  p50=%.1f µs  p99=%.1f µs  p99.9=%.1f µs"
        + "  max=%.1f µs%n", service, floor.events(), floor.p50Micros(), floor.p99Micros(), floor.p999Micros(),
        floor.maxMicros());
    return f;
  }

  /**
   * Runs events at a fixed rate for a time and records each one's latency from its intended start,
   * so a stall counts against every event it delays.
   */
  private static Percentiles paced(double rate, long millis, Step step) {
    Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
    long interval = (long) (1e9 / rate);
    long begin = System.nanoTime();
    long stop = begin + TimeUnit.MILLISECONDS.toNanos(millis);
    long intended = begin;
    while (intended < stop) {
      long now = System.nanoTime();
      while (now < intended) {
        if (intended - now > 20_000) {
          LockSupport.parkNanos(intended - now - 10_000);
        } else {
          Thread.onSpinWait();
        }
        now = System.nanoTime();
      }
      long untimed = step.run();
      histogram.recordValue(Math.min(System.nanoTime() - intended - untimed, histogram.getHighestTrackableValue()));
      intended += interval + untimed;
    }
    return Percentiles.of(histogram);
  }

  /**
   * Starts the pipeline over on empty stores and feeds it the workload's first events untimed: their
   * writes allocate the fresh stores' tables, as at a host's start.
   *
   * @return the index of the next event
   */
  private static int startOver(ScrmPipeline pipeline, List<byte[]> bodies) {
    pipeline.reset();
    int first = Math.min(1_000, bodies.size() - 1);
    for (int i = 0; i < first; i++) {
      pipeline.process(bodies.get(i));
    }
    return first;
  }
}
