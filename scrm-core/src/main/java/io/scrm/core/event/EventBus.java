package io.scrm.core.event;

import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Typed publish/subscribe for {@link CrmEvent}s. Thread-safe; listeners run synchronously on the
 * publishing thread in subscription order. A listener that throws is logged at WARN (with the event
 * type, never its content beyond ids) and does not affect the publisher or other listeners.
 *
 * @since 0.1.0
 */
public final class EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(EventBus.class);

  private record Entry(Class<? extends CrmEvent> type, CrmEventListener<CrmEvent> listener) {}

  private final CopyOnWriteArrayList<Entry> entries = new CopyOnWriteArrayList<>();

  /** Creates an event bus without listeners. */
  public EventBus() {}

  /**
   * Subscribes a listener to one event type (and its subtypes).
   *
   * @param type the event type
   * @param listener the listener
   * @param <E> the event type
   * @return the subscription; close it to unsubscribe
   */
  public <E extends CrmEvent> Subscription subscribe(Class<E> type, CrmEventListener<? super E> listener) {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(listener, "listener");
    @SuppressWarnings("unchecked")
    CrmEventListener<CrmEvent> erased = e -> ((CrmEventListener<E>) listener).onEvent(type.cast(e));
    Entry entry = new Entry(type, erased);
    entries.add(entry);
    return () -> entries.remove(entry);
  }

  /**
   * Subscribes a listener to every event.
   *
   * @param listener the listener
   * @return the subscription; close it to unsubscribe
   */
  public Subscription subscribeAll(CrmEventListener<CrmEvent> listener) {
    return subscribe(CrmEvent.class, listener);
  }

  /**
   * Publishes an event to the listeners of its type. Call it after the state change is stored.
   *
   * @param event the event
   */
  public void publish(CrmEvent event) {
    Objects.requireNonNull(event, "event");
    for (Entry entry : entries) {
      if (entry.type.isInstance(event)) {
        try {
          entry.listener.onEvent(event);
        } catch (Exception e) {
          // checked ones too: a listener in another JVM language may throw them undeclared
          LOG.warn("listener for {} failed on {}", entry.type.getSimpleName(), event.getClass().getSimpleName(), e);
        }
      }
    }
  }
}
