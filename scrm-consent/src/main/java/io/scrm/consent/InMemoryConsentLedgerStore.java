package io.scrm.consent;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-memory ledger store. Writes are serialised by one lock; reads of the newest entry per slot
 * take no lock and read an immutable array, which holds the slot's entries in the order they were
 * appended.
 */
final class InMemoryConsentLedgerStore implements ConsentLedgerStore {
  private static final ConsentRecord[] NONE = {};

  private final Object lock = new Object();
  private final List<ConsentRecord> entries = new ArrayList<>();
  private final ConcurrentHashMap<ContactId, ConcurrentHashMap<Slot, ConsentRecord[]>> bySubject =
      new ConcurrentHashMap<>();
  private final Set<ContactId> restricted = ConcurrentHashMap.newKeySet();

  private record Slot(String purpose, ChannelId channel) {}

  @Override
  public void append(ConsentRecord entry) {
    Objects.requireNonNull(entry, "entry");
    synchronized (lock) {
      requireNext(entry);
      entries.add(entry);
      index(entry);
    }
  }

  /** Throws "moved on" unless the entry chains onto the last one; under the lock. */
  private void requireNext(ConsentRecord entry) {
    String last = entries.isEmpty() ? ConsentRecord.GENESIS : entries.get(entries.size() - 1).hash();
    if (entry.sequence() != entries.size() || !entry.previousHash().equals(last)) {
      throw new IllegalStateException("ledger moved on: expected sequence " + entries.size() + ", was "
          + entry.sequence());
    }
  }

  private void index(ConsentRecord entry) {
    ConcurrentHashMap<Slot, ConsentRecord[]> slots = bySubject.computeIfAbsent(entry.subject(),
        s -> new ConcurrentHashMap<>());
    Slot slot = new Slot(entry.purpose(), entry.channel());
    ConsentRecord[] old = slots.get(slot);
    ConsentRecord[] next;
    if (old == null) {
      next = new ConsentRecord[] {entry};
    } else {
      next = Arrays.copyOf(old, old.length + 1);
      next[old.length] = entry;
    }
    slots.put(slot, next);
  }

  @Override
  public Optional<ConsentRecord> last() {
    synchronized (lock) {
      return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
    }
  }

  @Override
  public long size() {
    synchronized (lock) {
      return entries.size();
    }
  }

  @Override
  public Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel, Instant at) {
    ConsentRecord[] list = slot(subject, purpose, channel);
    // the last appended entry stamped at or before 'at'; normally the slot's last entry
    for (int i = list.length - 1; i >= 0; i--) {
      if (!list[i].at().isAfter(at)) {
        return Optional.of(list[i]);
      }
    }
    return Optional.empty();
  }

  @Override
  public Optional<ConsentRecord> newest(ContactId subject, String purpose, ChannelId channel) {
    ConsentRecord[] list = slot(subject, purpose, channel);
    return list.length == 0 ? Optional.empty() : Optional.of(list[list.length - 1]);
  }

  private ConsentRecord[] slot(ContactId subject, String purpose, ChannelId channel) {
    ConcurrentHashMap<Slot, ConsentRecord[]> slots = bySubject.get(subject);
    ConsentRecord[] list = slots == null ? null : slots.get(new Slot(purpose, channel));
    return list == null ? NONE : list;
  }

  @Override
  public List<ConsentRecord> history(ContactId subject) {
    Objects.requireNonNull(subject, "subject");
    synchronized (lock) {
      List<ConsentRecord> out = new ArrayList<>();
      for (ConsentRecord e : entries) {
        if (e.subject().equals(subject)) {
          out.add(e);
        }
      }
      return List.copyOf(out);
    }
  }

  @Override
  public List<ConsentRecord> entries(long fromSequence, int limit) {
    synchronized (lock) {
      int from = (int) Math.min(Math.max(0, fromSequence), entries.size());
      int to = (int) Math.min(entries.size(), (long) from + Math.max(0, limit));
      return List.copyOf(entries.subList(from, to));
    }
  }

  @Override
  public int erase(ContactId subject, ConsentRecord erasure) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(erasure, "erasure");
    ContactId pseudonym = erasure.subject();
    synchronized (lock) {
      requireNext(erasure);
      int changed = 0;
      for (int i = 0; i < entries.size(); i++) {
        ConsentRecord e = entries.get(i);
        if (e.subject().equals(subject) && e.erasable()) {
          entries.set(i, e.pseudonymisedAs(pseudonym));
          changed++;
        }
      }
      entries.add(erasure);
      bySubject.remove(subject);
      bySubject.remove(pseudonym);
      for (ConsentRecord e : entries) {
        if (e.subject().equals(subject) || e.subject().equals(pseudonym)) {
          index(e);
        }
      }
      restricted.remove(subject);
      return changed;
    }
  }

  @Override
  public void restrict(ContactId subject, boolean value) {
    Objects.requireNonNull(subject, "subject");
    if (value) {
      restricted.add(subject);
    } else {
      restricted.remove(subject);
    }
  }

  @Override
  public boolean isRestricted(ContactId subject) {
    return restricted.contains(subject);
  }
}
