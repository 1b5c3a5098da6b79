package io.scrm.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock the test moves by hand (core cannot use scrm-testing's TestClock: that module depends on core). */
public final class MutableClock extends Clock {
  private final AtomicReference<Instant> now;

  /**
   * Creates the clock.
   *
   * @param start the first instant
   */
  public MutableClock(Instant start) {
    now = new AtomicReference<>(start);
  }

  /**
   * Moves the clock forward.
   *
   * @param d how far
   */
  public void advance(Duration d) {
    now.updateAndGet(t -> t.plus(d));
  }

  /**
   * Sets the clock.
   *
   * @param at the new instant
   */
  public void set(Instant at) {
    now.set(at);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    return now.get();
  }
}
