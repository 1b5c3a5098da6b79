package io.scrm.core.listening;

import io.scrm.core.listening.Broadcasts.Subscription;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Subscriptions in concurrent maps, by topic, then by channel and contact. Thread-safe. */
final class InMemorySubscriptions implements SubscriptionStore {
  /** Code point order, as PostgreSQL's COLLATE "C" on UTF-8 (String.compareTo orders UTF-16 units). */
  static final Comparator<String> CODE_POINTS = (a, b) -> {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int x = a.codePointAt(i);
      int y = b.codePointAt(j);
      if (x != y) {
        return Integer.compare(x, y);
      }
      i += Character.charCount(x);
      j += Character.charCount(y);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  };
  static final Comparator<Subscription> BY_TIME = Comparator.comparing(Subscription::since)
      .thenComparing(s -> s.contact().value(), CODE_POINTS).thenComparing(s -> s.channel().name(), CODE_POINTS);
  static final Comparator<Subscription> BY_TOPIC = Comparator.comparing(Subscription::topic, CODE_POINTS)
      .thenComparing(BY_TIME);

  private final Map<String, Map<Key, Subscription>> byTopic = new ConcurrentHashMap<>();

  private record Key(ContactId contact, ChannelId channel) {}

  @Override
  public Subscription add(Subscription subscription) {
    Objects.requireNonNull(subscription, "subscription");
    return byTopic.computeIfAbsent(subscription.topic(), t -> new ConcurrentHashMap<>())
        .merge(new Key(subscription.contact(), subscription.channel()), subscription, (old, fresh) -> old);
  }

  @Override
  public boolean remove(String topic, ContactId contact, ChannelId channel) {
    Objects.requireNonNull(topic, "topic");
    Map<Key, Subscription> subs = byTopic.get(topic);
    return subs != null && subs.remove(new Key(Objects.requireNonNull(contact, "contact"),
        Objects.requireNonNull(channel, "channel"))) != null;
  }

  @Override
  public int removeContact(ContactId contact) {
    Objects.requireNonNull(contact, "contact");
    int removed = 0;
    for (Map<Key, Subscription> subs : byTopic.values()) {
      for (Subscription s : List.copyOf(subs.values())) {
        if (s.contact().equals(contact) && subs.remove(new Key(s.contact(), s.channel()), s)) {
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public List<Subscription> ofTopic(String topic) {
    Objects.requireNonNull(topic, "topic");
    List<Subscription> out = new ArrayList<>(byTopic.getOrDefault(topic, Map.of()).values());
    out.sort(BY_TIME);
    return List.copyOf(out);
  }

  @Override
  public List<Subscription> ofContact(ContactId contact) {
    Objects.requireNonNull(contact, "contact");
    List<Subscription> out = new ArrayList<>();
    for (Map<Key, Subscription> subs : byTopic.values()) {
      for (Subscription s : subs.values()) {
        if (s.contact().equals(contact)) {
          out.add(s);
        }
      }
    }
    out.sort(BY_TOPIC);
    return List.copyOf(out);
  }

  @Override
  public String toString() {
    return "InMemorySubscriptions[" + byTopic.size() + " topics]";
  }
}
