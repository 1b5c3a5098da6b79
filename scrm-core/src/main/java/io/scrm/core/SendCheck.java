package io.scrm.core;

import io.scrm.core.model.OutboundMessage;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Decides, before a message is queued, whether its channel can perform the send at all: inside the
 * platform's reply window, within its text length, allowed to start a conversation. A refused send
 * never reaches the outbox.
 *
 * <p>The channel layer supplies the check from the adapters' declared capabilities; the default
 * accepts everything. Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SendCheck {

  /**
   * Checks a message about to be queued.
   *
   * @param message the message, not yet stored
   * @param lastCustomerMessageAt when the customer last wrote in the message's thread, or null if
   *     unknown or there is no thread
   * @throws SendRefusedException if the channel cannot perform the send
   */
  void check(OutboundMessage message, @Nullable Instant lastCustomerMessageAt);

  /**
   * Returns a check that accepts every message.
   *
   * @return the permissive check
   */
  static SendCheck acceptAll() {
    return (message, lastCustomerMessageAt) -> { };
  }
}
