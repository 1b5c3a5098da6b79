package io.scrm.channels;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand (scrm-testing's TestClock depends on this module). */
public final class ManualClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * Creates the clock.
   *
   * @param start the time it shows first
   */
  public ManualClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  /**
   * Moves the clock on.
   *
   * @param d how far
   * @return the new time
   */
  public Instant advance(Duration d) {
    return now.updateAndGet(t -> t.plus(d));
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("fixed to UTC");
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
