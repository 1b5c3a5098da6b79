package io.scrm.core.listening;

import io.scrm.core.ReplyResult;
import io.scrm.core.SendRefusedException;
import io.scrm.core.SocialCrm;
import io.scrm.core.internal.Require;
import io.scrm.core.model.Actor;
import io.scrm.core.model.Attachment;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Broadcasts: topics people subscribe to on their channel, and notices sent to every subscriber
 * (e.g. "the outage in Köln-Nippes is fixed"). Every message goes through the engine's consent gate
 * for the topic's purpose on the subscriber's channel — a subscription alone is not consent — and
 * into the outbox, which respects the channels' rate limits and asks the gate again at send time.
 * Each recipient's message stays in their history in the outbox. Thread-safe.
 *
 * <p>Subscriptions are kept in a {@link SubscriptionStore}: in memory by default, in the host's
 * database when it restarts or runs several instances (the PostgreSQL module has one). Topics are
 * declared in code, by every instance.
 *
 * @since 0.1.0
 */
public final class Broadcasts {
  private static final Logger LOG = LoggerFactory.getLogger(Broadcasts.class);
  private static final int MAX_BROADCAST_ID = 64;
  /** 128 bits of the digest: enough that no two of a host's broadcast messages share a key. */
  private static final int KEY_BYTES = 16;

  /**
   * One person's subscription to a topic on a channel.
   *
   * @param topic the topic's id
   * @param contact the subscriber
   * @param channel the channel to inform them on
   * @param threadId the conversation on that channel (e.g. their Telegram chat), or null
   * @param since when they subscribed
   * @since 0.1.0
   */
  public record Subscription(String topic, ContactId contact, ChannelId channel, @Nullable String threadId,
      Instant since) {

    /**
     * Validates the subscription.
     *
     * @throws IllegalArgumentException if the thread is blank or longer than a message's thread (512)
     */
    public Subscription {
      Objects.requireNonNull(topic, "topic");
      Objects.requireNonNull(contact, "contact");
      Objects.requireNonNull(channel, "channel");
      // refused here, where the host hears of it, not when a broadcast sends to it
      Require.optionalText(threadId, "threadId", Interaction.MAX_THREAD_LENGTH);
      Objects.requireNonNull(since, "since");
    }
  }

  /**
   * A subscription whose message was queued, by this broadcast or, under the same broadcast id, by
   * an earlier run of it (then the message may have been sent, dead-lettered or cancelled since: the
   * outbox tells).
   *
   * @param subscription the subscription
   * @param outbound the queued message, in the outbox
   * @since 0.1.0
   */
  public record Queued(Subscription subscription, OutboundId outbound) {

    /** Validates the entry. */
    public Queued {
      Objects.requireNonNull(subscription, "subscription");
      Objects.requireNonNull(outbound, "outbound");
    }
  }

  /**
   * A subscription that got no message.
   *
   * @param subscription the subscription
   * @param reason the consent gate's reason, or the channel's when it cannot perform the send
   * @since 0.1.0
   */
  public record Refused(Subscription subscription, String reason) {

    /** Validates the entry. */
    public Refused {
      Objects.requireNonNull(subscription, "subscription");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * What a broadcast did, per subscription: a person subscribed on two channels has an entry for each,
   * each with its own outcome.
   *
   * @param topic the topic's id
   * @param queued the subscriptions whose message was queued, in the order they were sent
   * @param denied the subscriptions that were refused, with the reason, in the same order
   * @since 0.1.0
   */
  public record Report(String topic, List<Queued> queued, List<Refused> denied) {

    /** Copies the lists. */
    public Report {
      Objects.requireNonNull(topic, "topic");
      queued = List.copyOf(queued);
      denied = List.copyOf(denied);
    }
  }

  private final SocialCrm crm;
  private final SubscriptionStore subscriptions;
  private final Map<String, Topic> topics = new ConcurrentHashMap<>();

  /**
   * Creates broadcasts on an engine, with subscriptions in memory.
   *
   * @param crm the engine whose consent gate and outbox are used
   */
  public Broadcasts(SocialCrm crm) {
    this(crm, SubscriptionStore.inMemory());
  }

  /**
   * Creates broadcasts on an engine, with subscriptions in a store.
   *
   * @param crm the engine whose consent gate and outbox are used
   * @param subscriptions where the subscriptions are kept
   * @since 0.1.0
   */
  public Broadcasts(SocialCrm crm, SubscriptionStore subscriptions) {
    this.crm = Objects.requireNonNull(crm, "crm");
    this.subscriptions = Objects.requireNonNull(subscriptions, "subscriptions");
  }

  /**
   * Declares a topic (again: replaces its title and purpose).
   *
   * @param topic the topic
   * @return this
   */
  public Broadcasts topic(Topic topic) {
    Objects.requireNonNull(topic, "topic");
    topics.put(topic.id(), topic);
    return this;
  }

  /**
   * Subscribes a person to a topic on a channel (idempotent).
   *
   * @param topicId the topic
   * @param contact the person
   * @param channel the channel to inform them on
   * @param threadId their conversation on that channel, or null
   * @return the subscription
   * @throws IllegalArgumentException if the topic is unknown, or the thread is blank or longer than
   *     512 characters
   */
  public Subscription subscribe(String topicId, ContactId contact, ChannelId channel, @Nullable String threadId) {
    Topic topic = known(topicId);
    return subscriptions.add(new Subscription(topic.id(), contact, channel, threadId, crm.clock().instant()));
  }

  /**
   * Ends a subscription at once.
   *
   * @param topicId the topic
   * @param contact the person
   * @param channel the channel
   * @return true if there was one
   */
  public boolean unsubscribe(String topicId, ContactId contact, ChannelId channel) {
    return subscriptions.remove(Objects.requireNonNull(topicId, "topicId"), contact, channel);
  }

  /**
   * Ends every subscription of a person (e.g. on erasure).
   *
   * @param contact the person
   * @return how many subscriptions ended
   */
  public int forget(ContactId contact) {
    return subscriptions.removeContact(contact);
  }

  /**
   * Returns the subscriptions of a person, on every topic (e.g. for a data-subject export).
   *
   * @param contact the person
   * @return their subscriptions, by topic, then oldest first, then by channel
   * @since 0.1.0
   */
  public List<Subscription> subscriptionsOf(ContactId contact) {
    return subscriptions.ofContact(Objects.requireNonNull(contact, "contact"));
  }

  /**
   * Returns the subscriptions of a topic.
   *
   * @param topicId the topic
   * @return its subscriptions, oldest first, then by contact id and channel
   */
  public List<Subscription> subscribers(String topicId) {
    return subscriptions.ofTopic(Objects.requireNonNull(topicId, "topicId"));
  }

  /**
   * Sends a notice to every subscriber of a topic who has valid consent for its purpose on their
   * channel.
   *
   * @param topicId the topic
   * @param text the notice
   * @param actor who sends it
   * @return who was queued and who was refused, with the reason: the consent gate's, or the channel's
   *     when it cannot perform the send (a subscriber on a reply-only channel without a thread, a
   *     reply window that has closed)
   * @throws IllegalArgumentException if the topic is unknown
   */
  public Report broadcast(String topicId, String text, Actor actor) {
    return broadcast(topicId, text, List.of(), actor);
  }

  /**
   * Like {@link #broadcast(String, String, Actor)}, with files by reference (a map of the outage, a
   * leaflet). A subscriber whose channel cannot carry them (no files at all, not these, not so many)
   * is reported as denied with the channel's reason; the others still get the notice.
   *
   * @param topicId the topic
   * @param text the notice; may be empty if there are files
   * @param attachments the files, at most {@value OutboundMessage#MAX_ATTACHMENTS}, of the kinds in
   *     {@link Attachment#SENDABLE_TYPES}
   * @param actor who sends it
   * @return who was queued and who was refused, with the reason
   * @throws IllegalArgumentException if the topic is unknown, or the text is blank without files, or
   *     a file is of a kind no channel sends
   * @since 0.1.0
   */
  public Report broadcast(String topicId, String text, List<Attachment> attachments, Actor actor) {
    return deliver(topicId, null, text, attachments, actor);
  }

  /**
   * Like {@link #broadcast(String, String, List, Actor)}, at most once per subscription for a
   * broadcast id: called again with the same id (after a failure part-way through, or by another
   * instance), it queues nothing for the subscriptions whose message was queued before, and reports
   * them as queued with that message's id. Each message's idempotency key is derived from the topic,
   * the broadcast id and the subscription (a digest: it names no contact to the platform).
   *
   * @param topicId the topic
   * @param broadcastId the host's id of this notice, e.g. {@code 2026-03-02-bagger}; 1 to 64
   *     characters
   * @param text the notice; may be empty if there are files
   * @param attachments the files, at most {@value OutboundMessage#MAX_ATTACHMENTS}
   * @param actor who sends it
   * @return who was queued (now or before) and who was refused, with the reason
   * @throws IllegalArgumentException if the topic is unknown, the broadcast id blank or longer than 64
   *     characters, or the text blank without files
   * @since 0.1.0
   */
  public Report broadcast(String topicId, String broadcastId, String text, List<Attachment> attachments,
      Actor actor) {
    Require.text(broadcastId, "broadcastId", MAX_BROADCAST_ID);
    return deliver(topicId, broadcastId, text, attachments, actor);
  }

  private Report deliver(String topicId, @Nullable String broadcastId, String text, List<Attachment> attachments,
      Actor actor) {
    Topic topic = known(topicId);
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(attachments, "attachments");
    Objects.requireNonNull(actor, "actor");
    // refused here, not only by each send: a topic without subscribers must refuse it too
    Require.sendable(text, attachments);
    List<Queued> queued = new ArrayList<>();
    List<Refused> denied = new ArrayList<>();
    for (Subscription s : subscribers(topic.id())) {
      ReplyResult r;
      try {
        r = broadcastId == null
            ? crm.send(s.contact(), s.channel(), s.threadId(), text, attachments, topic.purpose(), actor)
            : crm.send(s.contact(), s.channel(), s.threadId(), text, attachments, topic.purpose(), actor,
                idempotencyKey(topic.id(), broadcastId, s));
      } catch (SendRefusedException refused) {
        // the channel cannot carry this one (no thread to answer, its reply window closed): the others
        // still get the notice
        denied.add(new Refused(s, refused.getMessage()));
        continue;
      }
      if (r.queued()) {
        queued.add(new Queued(s, Objects.requireNonNull(r.outbound())));
      } else {
        denied.add(new Refused(s, r.decision().reason()));
      }
    }
    LOG.debug("broadcast on {}: {} queued, {} denied", topic.id(), queued.size(), denied.size());
    return new Report(topic.id(), queued, denied);
  }

  /** The idempotency key of a broadcast's message to one subscription: a digest of what identifies it. */
  static String idempotencyKey(String topic, String broadcastId, Subscription s) {
    MessageDigest sha256;
    try {
      sha256 = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
    String identity = String.join("\n", topic, broadcastId, s.channel().name(), s.contact().value());
    byte[] digest = sha256.digest(identity.getBytes(StandardCharsets.UTF_8));
    return "broadcast-" + HexFormat.of().formatHex(digest, 0, KEY_BYTES);
  }

  private Topic known(String topicId) {
    Objects.requireNonNull(topicId, "topicId");
    Topic topic = topics.get(topicId);
    if (topic == null) {
      throw new IllegalArgumentException("topic " + topicId + " is not declared");
    }
    return topic;
  }
}
