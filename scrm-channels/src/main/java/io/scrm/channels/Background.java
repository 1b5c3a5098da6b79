package io.scrm.channels;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/** The one daemon thread on which the outbox dispatcher and the intake run their rounds. */
final class Background {
  /** The executor whose round runs on the current thread, if any. */
  private static final ThreadLocal<ScheduledExecutorService> RUNNING = new ThreadLocal<>();

  private Background() {}

  /** Runs {@code round} on a new daemon thread at once, and again {@code delay} after each run ends. */
  static ScheduledExecutorService start(String threadName, Runnable round, Duration delay) {
    ScheduledExecutorService s = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    s.scheduleWithFixedDelay(() -> {
      RUNNING.set(s);
      try {
        round.run();
      } finally {
        RUNNING.remove();
      }
    }, 0, delay.toNanos(), TimeUnit.NANOSECONDS);
    return s;
  }

  /** Stops the thread, if any, waiting up to {@code wait} for a running round before interrupting it. */
  static void stop(@Nullable ScheduledExecutorService s, Duration wait) {
    if (s == null) {
      return;
    }
    s.shutdown();
    if (RUNNING.get() == s) {
      // called from the round itself (a listener): it cannot wait for itself; it ends after this round
      return;
    }
    try {
      if (!s.awaitTermination(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        s.shutdownNow();
      }
    } catch (InterruptedException e) {
      s.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
