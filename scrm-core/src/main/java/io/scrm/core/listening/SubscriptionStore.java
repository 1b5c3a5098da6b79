package io.scrm.core.listening;

import io.scrm.core.listening.Broadcasts.Subscription;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.util.List;

/**
 * Where the topic subscriptions of {@link Broadcasts} are kept: one per topic, person and channel.
 * A subscription holds a contact id and the person's conversation on the channel, so it is personal
 * data: a data-subject export lists it ({@link #ofContact}) and an erasure removes it
 * ({@link #removeContact}).
 *
 * <p>Implementations are thread-safe, and {@link #add} is atomic, also across the instances of a host
 * that share a database: of several instances subscribing one person at once, exactly one stores the
 * subscription and the others get it back.
 *
 * @since 0.1.0
 */
public interface SubscriptionStore {

  /**
   * Stores a subscription unless its person already has one to the topic on the channel.
   *
   * @param subscription the new subscription
   * @return the stored subscription: the new one, or the one that was there (with its own thread and
   *     time)
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  Subscription add(Subscription subscription);

  /**
   * Removes a person's subscription to a topic on a channel.
   *
   * @param topic the topic's id
   * @param contact the person
   * @param channel the channel
   * @return true if there was one
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  boolean remove(String topic, ContactId contact, ChannelId channel);

  /**
   * Removes every subscription of a person, on every topic and channel.
   *
   * @param contact the person
   * @return how many were removed
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  int removeContact(ContactId contact);

  /**
   * Returns the subscriptions of a topic.
   *
   * @param topic the topic's id
   * @return its subscriptions, oldest first, then by contact id and channel
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  List<Subscription> ofTopic(String topic);

  /**
   * Returns the subscriptions of a person.
   *
   * @param contact the person
   * @return their subscriptions, by topic, then oldest first, then by channel
   * @throws io.scrm.core.store.StoreException if the store failed
   */
  List<Subscription> ofContact(ContactId contact);

  /**
   * Returns a new, empty, thread-safe in-memory store. Subscriptions last as long as the process;
   * hosts that restart, or run several instances, keep them in a database.
   *
   * @return an empty store
   */
  static SubscriptionStore inMemory() {
    return new InMemorySubscriptions();
  }
}
