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
   * Finds pending messages whose next attempt is due and that are the oldest pending message of their
   * {@linkplain OutboundMessage#conversation() conversation} (by creation time, then id): a later
   * message of a conversation waits until every older one is sent, dead-lettered or cancelled.
   *
   * @param now the current time
   * @param limit the most messages to return
   * @return due messages, oldest first, at most one per conversation
   */
  List<OutboundMessage> findDue(Instant now, int limit);

  /**
   * Claims due messages for one dispatcher: each returned message had its next attempt moved to
   * {@code leaseUntil} (and its version incremented) atomically, so no other dispatcher sees it as
   * due until the lease expires. A dispatcher that crashes simply lets its leases run out; another
   * one then claims the messages. Messages are claimed oldest first, only those {@link #findDue}
   * would return (so a message whose older sibling in its conversation is claimed or waits for a
   * retry stays where it is); messages locked by a concurrent claim are skipped, not waited for.
   *
   * @param now the current time
   * @param leaseUntil when the claim expires; after {@code now}
   * @param limit the most messages to claim
   * @return the claimed messages as stored, oldest first
   * @throws IllegalArgumentException if {@code leaseUntil} is not after {@code now} or limit &lt;= 0
   */
  List<OutboundMessage> claimDue(Instant now, Instant leaseUntil, int limit);

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
