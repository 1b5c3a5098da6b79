package io.scrm.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until a test moves it. Thread-safe: the instant is read and advanced
 * atomically, so a dispatcher thread and the test can share it.
 *
 * @since 0.1.0
 */
public final class TestClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private TestClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /**
   * Creates a clock standing at the given instant, in UTC.
   *
   * @param start the instant
   * @return the clock
   */
  public static TestClock at(Instant start) {
    return new TestClock(new AtomicReference<>(Objects.requireNonNull(start, "start")), ZoneOffset.UTC);
  }

  /**
   * Creates a clock standing at the given ISO-8601 instant, e.g. {@code 2026-03-02T09:00:00Z}.
   *
   * @param isoInstant the instant
   * @return the clock
   */
  public static TestClock at(String isoInstant) {
    return at(Instant.parse(isoInstant));
  }

  /**
   * Moves the clock forward.
   *
   * @param amount how far; must not be negative
   * @return the new instant
   * @throws IllegalArgumentException if the amount is negative
   */
  public Instant advance(Duration amount) {
    Objects.requireNonNull(amount, "amount");
    if (amount.isNegative()) {
      throw new IllegalArgumentException("amount must not be negative, was " + amount);
    }
    return now.updateAndGet(t -> t.plus(amount));
  }

  /**
   * Sets the clock to an instant, forward or back.
   *
   * @param instant the new instant
   */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /**
   * Returns a view in another zone that shares this clock's instant.
   *
   * @param newZone the zone
   * @return the view
   */
  @Override
  public Clock withZone(ZoneId newZone) {
    return new TestClock(now, Objects.requireNonNull(newZone, "zone"));
  }

  @Override
  public String toString() {
    return "TestClock[" + now.get() + ", " + zone + "]";
  }
}
