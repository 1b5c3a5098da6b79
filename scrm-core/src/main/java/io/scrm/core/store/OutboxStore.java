package io.scrm.core.store;

import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import java.time.Instant;
import java.util.List;

/**
 * The outbox: outbound messages stored before any attempt to send them. Thread-safe.
 *
 * <p>Unique key besides the id: the idempotency key.
 *
 * @since 0.1.0
 */
public interface OutboxStore extends VersionedStore<OutboundId, OutboundMessage> {

  /**
   * Finds pending messages whose next attempt is due.
   *
   * @param now the current time
   * @param limit the most messages to return
   * @return due messages, oldest first
   */
  List<OutboundMessage> findDue(Instant now, int limit);

  /**
   * Finds messages by status.
   *
   * @param status the status
   * @return the messages, oldest first
   */
  List<OutboundMessage> findByStatus(OutboxStatus status);

  /**
   * Finds the messages to a recipient.
   *
   * @param recipient the customer
   * @return the messages, oldest first
   */
  List<OutboundMessage> findByRecipient(ContactId recipient);
}
