package io.scrm.core.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.scrm.core.model.ContactId;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class EventBusTest {
  private static final ContactCreated EVENT =
      new ContactCreated(Instant.parse("2026-11-22T08:00:00Z"), ContactId.of("c-1"), true);

  /** A listener written in another JVM language, or with a sneaky throw, can throw a checked exception. */
  @SuppressWarnings("unchecked")
  private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
    throw (T) t;
  }

  @Test
  void publish_listenerThrowsACheckedException_publisherUnaffectedAndLaterListenersCalled() {
    EventBus bus = new EventBus();
    List<CrmEvent> seen = new ArrayList<>();
    bus.subscribe(ContactCreated.class, e -> sneakyThrow(new IOException("webhook down")));
    bus.subscribe(ContactCreated.class, seen::add);

    assertThatCode(() -> bus.publish(EVENT)).doesNotThrowAnyException();

    assertThat(seen).containsExactly(EVENT);
  }

  @Test
  void publish_listenerThrowsARuntimeException_laterListenersCalled() {
    EventBus bus = new EventBus();
    List<CrmEvent> seen = new ArrayList<>();
    bus.subscribe(ContactCreated.class, e -> {
      throw new IllegalStateException("listener bug");
    });
    bus.subscribeAll(seen::add);

    bus.publish(EVENT);

    assertThat(seen).containsExactly(EVENT);
  }
}
