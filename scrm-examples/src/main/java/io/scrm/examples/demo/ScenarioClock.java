package io.scrm.examples.demo;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;

/** The demo's clock: starts at a fixed Monday morning in Berlin and moves only when the script says so. */
final class ScenarioClock extends Clock {
  private final ZoneId zone;
  private volatile Instant now;

  ScenarioClock(Instant start, ZoneId zone) {
    this.now = start;
    this.zone = zone;
  }

  void advance(Duration d) {
    now = now.plus(d);
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId other) {
    return new ScenarioClock(now, other);
  }

  @Override
  public Instant instant() {
    return now;
  }
}
