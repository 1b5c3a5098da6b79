package io.scrm.core.process;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An optional scheduler for hosts that do not drive time themselves: runs a tick (usually {@code
 * crm::tick}) at a fixed interval on one daemon thread. Thread-safe; a tick that throws is logged
 * at WARN and the next one runs as planned. Close it to stop.
 *
 * @since 0.1.0
 */
public final class SlaScheduler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SlaScheduler.class);
  private final ScheduledExecutorService executor;

  private SlaScheduler(Runnable tick, Duration interval) {
    executor = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scrm-sla");
      t.setDaemon(true);
      return t;
    });
    long millis = interval.toMillis();
    executor.scheduleWithFixedDelay(() -> {
      try {
        tick.run();
      } catch (VirtualMachineError fatal) {
        LOG.error("SLA tick failed; no more ticks run", fatal);
        throw fatal;
      } catch (Throwable e) {
        // an error too (a listener's assertion, a class that failed to load): thrown out of the
        // task, it would cancel every later tick without a word
        LOG.warn("SLA tick failed", e);
      }
    }, millis, millis, TimeUnit.MILLISECONDS);
  }

  /**
   * Starts running a tick at a fixed interval.
   *
   * @param tick what to run, e.g. {@code crm::tick}
   * @param interval the delay between ticks, at least one millisecond
   * @return the running scheduler
   * @throws IllegalArgumentException if the interval is shorter than one millisecond
   */
  public static SlaScheduler start(Runnable tick, Duration interval) {
    Objects.requireNonNull(tick, "tick");
    Objects.requireNonNull(interval, "interval");
    if (interval.toMillis() < 1) {
      throw new IllegalArgumentException("interval must be at least 1 ms, was " + interval);
    }
    return new SlaScheduler(tick, interval);
  }

  /** Stops the ticks; a running tick finishes. */
  @Override
  public void close() {
    executor.shutdown();
  }
}
