package io.scrm.core.event;

/**
 * Receives events of one type. Called synchronously on the thread that caused the event, after the
 * state change; an exception thrown here is logged at WARN and never undoes the change nor stops
 * other listeners.
 *
 * @param <E> the event type
 * @since 0.1.0
 */
@FunctionalInterface
public interface CrmEventListener<E extends CrmEvent> {

  /**
   * Handles an event.
   *
   * @param event the event
   */
  void onEvent(E event);
}
