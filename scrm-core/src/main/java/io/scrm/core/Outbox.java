package io.scrm.core;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.event.OutboundCancelled;
import io.scrm.core.event.OutboundDeadLettered;
import io.scrm.core.event.OutboundRetryScheduled;
import io.scrm.core.event.OutboundSent;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.DuplicateKeyException;
import io.scrm.core.store.OutboxStore;
import io.scrm.core.store.StaleVersionException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's view of the outbox: what is due, the consent check at send time, and the recording of
 * send results. A dispatcher (see {@code scrm-channels}) drives it; every state change goes through
 * the store's optimistic versioning, so two dispatchers never record one message twice. Thread-safe.
 *
 * <p>A message ends in exactly one final state: {@link OutboxStatus#SENT}, {@link OutboxStatus#DEAD}
 * (in the dead-letter list with its reason, able to be re-driven) or {@link OutboxStatus#CANCELLED}
 * (the consent gate denied it at send time).
 *
 * @since 0.1.0
 */
public final class Outbox {
  private static final Logger LOG = LoggerFactory.getLogger(Outbox.class);
  private static final Actor DISPATCHER = Actor.system("outbox");

  private final SocialCrm crm;

  Outbox(SocialCrm crm) {
    this.crm = crm;
  }

  private OutboxStore store() {
    return crm.stores().outbox();
  }

  /**
   * Returns pending messages whose next attempt is due now.
   *
   * @param limit the most messages to return
   * @return due messages, oldest first
   */
  public List<OutboundMessage> due(int limit) {
    return store().findDue(crm.clock().instant(), limit);
  }

  /**
   * Claims due messages for this dispatcher for the length of a lease (see {@link
   * OutboxStore#claimDue}); several dispatchers, in one process or many, never claim the same
   * message at once.
   *
   * @param limit the most messages to claim
   * @param lease how long the claim lasts; a crashed dispatcher's claims expire after it
   * @return the claimed messages, oldest first
   */
  public List<OutboundMessage> claim(int limit, java.time.Duration lease) {
    Instant now = crm.clock().instant();
    return store().claimDue(now, now.plus(lease), limit);
  }

  /**
   * Asks the consent gate again, at send time, whether the message may still go out. Unlike the check
   * when a message is queued, a policy that fails is not taken as a denial here: a denial cancels the
   * message for good, while a failure (the consent ledger briefly unreachable) only says that the
   * answer is not known yet.
   *
   * @param message the message about to be sent
   * @return the gate's decision; a policy that returns no decision denies
   * @throws RuntimeException what the consent policy threw; the dispatcher tries again later
   */
  public ConsentDecision recheck(OutboundMessage message) {
    Objects.requireNonNull(message, "message");
    ConsentDecision decision = crm.consentPolicy().decideAtSend(new ConsentQuery(message.recipient(), message.purpose(),
        message.channel(), actionOf(message), DISPATCHER, crm.clock().instant()));
    return decision != null ? decision : ConsentDecision.deny("consent policy returned no decision");
  }

  /**
   * Returns the consent action a message needs.
   *
   * @param message the message
   * @return the action
   */
  public static ConsentAction actionOf(OutboundMessage message) {
    if (SocialCrm.SERVICE_REPLY.equals(message.purpose())) {
      return message.visibility() == Visibility.PUBLIC ? ConsentAction.PUBLIC_REPLY : ConsentAction.REPLY_IN_THREAD;
    }
    if ("transactional".equals(message.purpose())) {
      return ConsentAction.SEND_TRANSACTIONAL;
    }
    return ConsentAction.SEND_MARKETING;
  }

  /**
   * Records that the platform accepted a message: adds it to its case as an outbound interaction,
   * marks it sent, and publishes {@link OutboundSent}. The case comes first, and recording it is
   * idempotent: if the process stops before the message is marked, the next attempt records nothing
   * twice. A case that cannot be written (after three tries) does not keep the message from being
   * marked sent, since it was sent: the failure is logged with the message's id. A case erased while
   * the message was on its way gets nothing: the reply's text is not stored again after an erasure.
   *
   * @param message the message as read (its version is checked)
   * @param providerId the platform's id of the sent message
   * @return the stored message
   * @throws StaleVersionException if somebody else recorded a result for it in between, or it was
   *     erased
   */
  public OutboundMessage markSent(OutboundMessage message, String providerId) {
    OutboundMessage sent = message.sent(providerId);
    for (int attempt = 1; ; attempt++) {
      try {
        recordOnCase(sent);
        break;
      } catch (RuntimeException e) {
        if (attempt == 3) {
          LOG.error("outbound {} was sent but could not be recorded on case {}", sent.id(), sent.caseId(), e);
          break;
        }
        LOG.debug("outbound {}: recording on the case failed, trying again", sent.id());
      }
    }
    OutboundMessage stored = store().update(sent);
    LOG.debug("outbound {} sent on {} after {} attempts", stored.id(), stored.channel(), stored.attempts());
    crm.publish(new OutboundSent(crm.clock().instant(), stored.id(), stored.channel(), providerId, stored.attempts()));
    return stored;
  }

  /**
   * Records a failed attempt that will be retried, and publishes {@link OutboundRetryScheduled}.
   *
   * @param message the message as read
   * @param reason why it failed (no message text, no secrets)
   * @param retryAt the earliest time of the next attempt
   * @return the stored message
   */
  public OutboundMessage markRetry(OutboundMessage message, String reason, Instant retryAt) {
    OutboundMessage stored = store().update(message.retryLater(reason, retryAt));
    crm.publish(new OutboundRetryScheduled(crm.clock().instant(), stored.id(), stored.channel(), stored.attempts(),
        retryAt, reason));
    return stored;
  }

  /**
   * The {@link OutboundMessage#lastError()} of a message whose send has begun on a channel without
   * idempotency keys; see {@link #markSending}.
   */
  public static final String SENDING = "send started, outcome not recorded";

  /**
   * Records, before the send, that a send of the message is starting. For channels without
   * idempotency keys: if the dispatcher stops before it records the result, the next claim finds
   * this mark ({@link #wasInterrupted}) and must not send again, since the platform may already
   * have the message.
   *
   * @param message the claimed message as read
   * @return the stored message, to send and then record the result on
   */
  public OutboundMessage markSending(OutboundMessage message) {
    return store().update(withLastError(message, SENDING));
  }

  private static OutboundMessage withLastError(OutboundMessage m, @Nullable String lastError) {
    return new OutboundMessage(m.id(), m.caseId(), m.recipient(), m.channel(), m.threadId(), m.inReplyTo(),
        m.visibility(), m.text(), m.attachments(), m.purpose(), m.idempotencyKey(), m.status(), m.attempts(),
        m.providerId(), lastError, m.createdAt(), m.nextAttemptAt(), m.version());
  }

  /**
   * Tells whether a claimed message carries the mark of a send whose result was never recorded.
   *
   * @param message a claimed message
   * @return true if an earlier dispatcher stopped between starting the send and recording it
   */
  public static boolean wasInterrupted(OutboundMessage message) {
    return message.status() == OutboxStatus.PENDING && SENDING.equals(message.lastError());
  }

  /**
   * Moves a claimed message's next attempt to a later time without counting an attempt (the
   * channel's rate limit or open circuit breaker held it back, or its adapter was closed). A
   * {@linkplain #markSending send-started mark} is removed: postponing says nothing was sent.
   *
   * @param message the message as read
   * @param at the earliest time of the next attempt
   * @return the stored message
   */
  public OutboundMessage postpone(OutboundMessage message, Instant at) {
    Objects.requireNonNull(at, "at");
    OutboundMessage later = message.retryAt(at);
    return store().update(wasInterrupted(later) ? withLastError(later, null) : later);
  }

  /**
   * Moves a message to the dead-letter list.
   *
   * @param message the message as read
   * @param reason why (no message text, no secrets)
   * @return the stored message
   */
  public OutboundMessage markDead(OutboundMessage message, String reason) {
    OutboundMessage stored = store().update(message.ended(OutboxStatus.DEAD, reason));
    LOG.warn("outbound {} dead-lettered on {}: {}", stored.id(), stored.channel(), reason);
    crm.publish(new OutboundDeadLettered(crm.clock().instant(), stored.id(), stored.channel(), reason));
    return stored;
  }

  /**
   * Cancels a message the consent gate denied at send time.
   *
   * @param message the message as read
   * @param reason the gate's reason
   * @return the stored message
   */
  public OutboundMessage cancel(OutboundMessage message, String reason) {
    OutboundMessage stored = store().update(message.ended(OutboxStatus.CANCELLED, reason));
    LOG.debug("outbound {} cancelled by consent gate", stored.id());
    crm.publish(new OutboundCancelled(crm.clock().instant(), stored.id(), stored.channel(), reason));
    return stored;
  }

  /**
   * Returns the dead-letter list.
   *
   * @return messages in status {@link OutboxStatus#DEAD}, oldest first
   */
  public List<OutboundMessage> deadLetters() {
    return store().findByStatus(OutboxStatus.DEAD);
  }

  /**
   * Puts a dead letter back in the pending list, due now.
   *
   * @param id the message
   * @return the stored message
   * @throws IllegalStateException if the message is not in the dead-letter list
   */
  public OutboundMessage redrive(OutboundId id) {
    OutboundMessage dead = store().find(id).orElseThrow(() -> new IllegalStateException("outbound " + id + " not found"));
    if (dead.status() != OutboxStatus.DEAD) {
      throw new IllegalStateException("outbound " + id + " is " + dead.status() + ", not DEAD");
    }
    return store().update(dead.redriven(crm.clock().instant()));
  }

  private void recordOnCase(OutboundMessage sent) {
    if (sent.caseId() == null || sent.providerId() == null) {
      return;
    }
    if (crm.stores().cases().find(sent.caseId()).isEmpty()) {
      // erased while the message was on its way: its text is not stored again
      LOG.info("outbound {} was sent after its case {} was erased; not recorded", sent.id(), sent.caseId());
      return;
    }
    Interaction.Builder builder = Interaction.outbound(sent.channel(), sent.providerId())
        .thread(sent.threadId() != null ? sent.threadId() : sent.providerId())
        .author(crm.senderHandle(), null)
        .text(sent.text())
        .occurredAt(crm.clock().instant())
        .visibility(sent.visibility())
        .kind(InteractionKind.REPLY)
        .inReplyTo(sent.inReplyTo());
    sent.attachments().forEach(builder::addAttachment);
    Interaction out = builder.build();
    boolean ours = true;
    try {
      crm.stores().interactions().create(out);
    } catch (DuplicateKeyException already) {
      // recorded by an earlier attempt that crashed after storing the interaction; or the platform's
      // id names another message (a test channel whose ids started again), which stays that message's
      Interaction stored = crm.stores().interactions().find(out.id()).orElse(null);
      ours = stored != null && isSameReply(stored, out) && crm.stores().cases().findByInteraction(out.id())
          .map(holder -> isAuditedSent(holder, sent)).orElse(true);
      if (!ours) {
        LOG.warn("outbound {}: platform id of {} already names another stored message; the send is audited "
            + "on case {} without it", sent.id(), sent.channel(), sent.caseId());
      }
    }
    AuditEntry entry = new AuditEntry(crm.clock().instant(), DISPATCHER, "REPLY_SENT", null, null, sent.channel(),
        null, sent.id().value());
    boolean link = ours;
    try {
      crm.updateCase(sent.caseId(), c -> link ? c.withInteraction(out.id(), entry)
          : isAuditedSent(c, sent) ? c : c.withAudit(entry));
      if (ours && crm.stores().cases().find(sent.caseId()).isEmpty()) {
        // erased just after the link: the erasure read the case before the reply was on it
        crm.stores().interactions().delete(out.id());
      }
    } catch (CaseNotFoundException erased) {
      if (ours) {
        crm.stores().interactions().delete(out.id());
      }
      LOG.info("outbound {}: case {} was erased while the send was recorded; not recorded", sent.id(),
          sent.caseId());
    }
  }

  /** Whether a case has the {@code REPLY_SENT} entry of a message. */
  private static boolean isAuditedSent(Case c, OutboundMessage sent) {
    for (AuditEntry e : c.audit()) {
      if (e.action().equals("REPLY_SENT") && sent.id().value().equals(e.commandId())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Whether a stored interaction reads as this reply: the same direction, thread, text and files.
   * (It is the reply's own record only if also no case holds it, or the one holding it has this
   * message's {@code REPLY_SENT}.)
   */
  private static boolean isSameReply(Interaction stored, Interaction reply) {
    return stored.direction() == reply.direction() && stored.threadId().equals(reply.threadId())
        && stored.text().equals(reply.text()) && stored.attachments().equals(reply.attachments());
  }
}
