package io.scrm.core.event;

/**
 * A listener's registration; closing it stops further deliveries. Thread-safe and idempotent.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface Subscription extends AutoCloseable {

  /** Removes the listener. */
  @Override
  void close();
}
