package io.scrm.core.store;

import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.store.PackedGroup.Group;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory contact and identity stores, packed: each contact id's contact and identities live in
 * one {@link PackedGroup} byte array, found through two {@link ProbeTable}s: one by key (each group
 * has a slot for its contact id and one for each identity key) and one by contact point. Reads
 * decode records from the bytes; writes encode a new array and point the tables at it.
 *
 * <p>Both stores share one write lock, so a write to either is atomic with respect to the tables of
 * both. Reads take no lock and see each group either before or after a write. Moving an identity to
 * another contact writes the new group first, so a reader may briefly find the identity under both
 * contacts, never under neither.
 */
final class InMemoryDirectory {
  /** Keys of one group a table can tell apart (the index within the group is kept in a short). */
  static final int MAX_KEYS_PER_GROUP = Short.MAX_VALUE;
  /** The index of a group's contact-id slot in {@link #byKey}; identity keys have their index. */
  private static final int ID_SLOT = -1;

  private final Object writeLock = new Object();
  /** Encodes groups; used only under the write lock. */
  private final PackedBytes.Out scratch = new PackedBytes.Out(PackedBytes.Out.INITIAL);
  private volatile ProbeTable byKey;
  private volatile ProbeTable byPoint;
  private volatile long contactCount;
  private volatile long identityCount;
  private final Contacts contacts = new Contacts();
  private final Identities identities = new Identities();

  /** Keys the table of ids and identities is sized for at the first write; 0 once it is. */
  private int sizedKeys;

  /** A directory whose tables hold about {@code capacity} contacts and identities before rebuilding. */
  InMemoryDirectory(int capacity) {
    int keys = 2 * Math.min(capacity, Integer.MAX_VALUE / 2);
    // a sized table is allocated with the first write, so that a directory that stays empty costs little
    byKey = new ProbeTable(Math.min(keys, InMemoryStores.DEFAULT_CAPACITY));
    sizedKeys = keys > InMemoryStores.DEFAULT_CAPACITY ? keys : 0;
    byPoint = new ProbeTable(InMemoryStores.DEFAULT_CAPACITY);
  }

  ContactStore contacts() {
    return contacts;
  }

  IdentityStore identities() {
    return identities;
  }

  private byte @Nullable [] groupOf(ContactId id) {
    long[] uuid = PackedGroup.canonicalUuid(id.value());
    return byKey.find(id.hashCode(), g -> PackedGroup.isOf(g, id, uuid));
  }

  private byte @Nullable [] groupHolding(IdentityKey key) {
    return byKey.find(key.hashCode(), g -> PackedGroup.indexOf(g, key) >= 0);
  }

  private static List<String> pointKeys(@Nullable Group group) {
    Contact c = group == null ? null : group.contact();
    if (c == null || c.contactPoints().isEmpty()) {
      return List.of();
    }
    List<String> keys = new ArrayList<>(c.contactPoints().size());
    for (ContactPoint p : c.contactPoints()) {
      String key = ContactPoint.key(p.type(), p.value());
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /**
   * Replaces a group (or adds or removes one) and points every table at the new bytes: kept keys'
   * slots are replaced in place, new keys inserted, dropped keys removed. Under the write lock.
   */
  private void publish(byte @Nullable [] oldBytes, @Nullable Group old, Group next) {
    List<String> nextPoints = pointKeys(next);
    if (next.identities().size() > MAX_KEYS_PER_GROUP || nextPoints.size() > MAX_KEYS_PER_GROUP) {
      throw new IllegalArgumentException(
          "contact " + next.id() + " would hold more than " + MAX_KEYS_PER_GROUP + " identities or contact points");
    }
    byte[] nextBytes = next.empty() ? null : PackedGroup.encode(next, scratch);
    if (sizedKeys > 0) {
      // the first write: the small table it replaces is empty
      byKey = new ProbeTable(sizedKeys);
      sizedKeys = 0;
    }
    rebuildCrowded(next.identities().size() + 1, nextPoints.size()); // room for every key before the first insert
    int idHash = next.id().hashCode();
    if (oldBytes == null) {
      if (nextBytes == null) {
        return;
      }
      byKey.insert(idHash, nextBytes, ID_SLOT);
    } else if (nextBytes == null) {
      byKey.remove(idHash, oldBytes, ID_SLOT);
    } else {
      byKey.replace(idHash, oldBytes, ID_SLOT, nextBytes, ID_SLOT);
    }
    Group after = nextBytes == null ? null : next;
    sync(byKey, old == null ? List.of() : old.keys(), after == null ? List.of() : after.keys(), oldBytes,
        nextBytes);
    sync(byPoint, pointKeys(old), after == null ? List.of() : nextPoints, oldBytes, nextBytes);
  }

  private static <K> void sync(ProbeTable table, List<K> before, List<K> after, byte @Nullable [] oldBytes,
      byte @Nullable [] nextBytes) {
    for (int i = 0; i < after.size(); i++) {
      K key = after.get(i);
      int was = before.indexOf(key);
      if (was >= 0) {
        table.replace(key.hashCode(), Objects.requireNonNull(oldBytes), was, Objects.requireNonNull(nextBytes), i);
      } else {
        table.insert(key.hashCode(), Objects.requireNonNull(nextBytes), i);
      }
    }
    for (int i = 0; i < before.size(); i++) {
      K key = before.get(i);
      if (!after.contains(key)) {
        table.remove(key.hashCode(), Objects.requireNonNull(oldBytes), i);
      }
    }
  }

  /**
   * Rebuilds a table whose slots would be mostly used after the keys a write may add into a new one
   * and publishes it, before the write: every insert then finds an empty slot.
   */
  private void rebuildCrowded(int moreKeys, int morePoints) {
    if (byKey.crowded(moreKeys)) {
      ProbeTable old = byKey;
      int keys = old.live() + moreKeys;
      ProbeTable fresh = new ProbeTable(keys + keys / 4);
      old.forEachSlot((g, index) -> fresh.insert(
          index == ID_SLOT ? PackedGroup.contactIdOf(g).hashCode() : PackedGroup.keyAt(g, index).hashCode(), g, index));
      byKey = fresh;
    }
    if (byPoint.crowded(morePoints)) {
      ProbeTable old = byPoint;
      int keys = old.live() + morePoints;
      ProbeTable fresh = new ProbeTable(keys + keys / 4);
      old.forEachSlot((g, index) -> fresh.insert(pointKeys(PackedGroup.decode(g)).get(index).hashCode(), g, index));
      byPoint = fresh;
    }
  }

  private final class Contacts implements ContactStore {
    @Override
    public Optional<Contact> find(ContactId key) {
      byte[] group = groupOf(Objects.requireNonNull(key, "key"));
      return group == null ? Optional.empty() : Optional.ofNullable(PackedGroup.contactOf(group));
    }

    @Override
    public Contact create(Contact value) {
      Objects.requireNonNull(value, "value");
      if (value.version() != 0) {
        throw new IllegalArgumentException("version must be 0 to create a contact, was " + value.version());
      }
      synchronized (writeLock) {
        byte[] bytes = groupOf(value.id());
        Group old = bytes == null ? null : PackedGroup.decode(bytes);
        if (old != null && old.contact() != null) {
          throw new DuplicateKeyException("contact", value.id().toString());
        }
        Contact stored = value.withVersion(1);
        Group base = old != null ? old : new Group(value.id(), null, List.of());
        publish(bytes, old, base.withContact(stored));
        contactCount++;
        return stored;
      }
    }

    @Override
    public Contact update(Contact value) {
      Objects.requireNonNull(value, "value");
      synchronized (writeLock) {
        byte[] bytes = groupOf(value.id());
        Group old = bytes == null ? null : PackedGroup.decode(bytes);
        Contact current = old == null ? null : old.contact();
        if (old == null || current == null || current.version() != value.version()) {
          throw new StaleVersionException("contact", value.id().toString(), value.version(),
              current == null ? -1 : current.version());
        }
        Contact stored = value.withVersion(value.version() + 1);
        publish(bytes, old, old.withContact(stored));
        return stored;
      }
    }

    @Override
    public boolean delete(ContactId key) {
      Objects.requireNonNull(key, "key");
      synchronized (writeLock) {
        byte[] bytes = groupOf(key);
        Group old = bytes == null ? null : PackedGroup.decode(bytes);
        if (old == null || old.contact() == null) {
          return false;
        }
        publish(bytes, old, old.withContact(null));
        contactCount--;
        return true;
      }
    }

    @Override
    public long count() {
      return contactCount;
    }

    @Override
    public List<Contact> findByContactPoint(ContactPointType type, String value) {
      Objects.requireNonNull(type, "type");
      Objects.requireNonNull(value, "value");
      String key = ContactPoint.key(type, value);
      List<byte[]> groups = new ArrayList<>();
      byPoint.forEach(key.hashCode(), g -> pointKeys(PackedGroup.decode(g)).contains(key), g -> {
        if (!groups.contains(g)) {
          groups.add(g);
        }
      });
      // a write that replaces a contact's group between two of its slots on the path shows the reader
      // both versions: each contact is returned once, in the newer
      List<Contact> found = new ArrayList<>(groups.size());
      for (byte[] g : groups) {
        Contact c = PackedGroup.contactOf(g);
        if (c != null) {
          found.add(c);
        }
      }
      found.sort(Comparator.comparing(Contact::id).thenComparing(Contact::version, Comparator.reverseOrder()));
      List<Contact> once = new ArrayList<>(found.size());
      for (Contact c : found) {
        if (once.isEmpty() || !once.get(once.size() - 1).id().equals(c.id())) {
          once.add(c);
        }
      }
      return List.copyOf(once);
    }
  }

  private final class Identities implements IdentityStore {
    @Override
    public Optional<Identity> find(IdentityKey key) {
      Objects.requireNonNull(key, "key");
      return Optional.ofNullable(byKey.read(key.hashCode(), g -> PackedGroup.identityOf(g, key)));
    }

    /** Reads only the group's contact id, not the identity. */
    @Override
    public Optional<ContactId> findContactId(IdentityKey key) {
      Objects.requireNonNull(key, "key");
      return Optional.ofNullable(byKey.read(key.hashCode(),
          g -> PackedGroup.indexOf(g, key) >= 0 ? PackedGroup.contactIdOf(g) : null));
    }

    @Override
    public Identity create(Identity value) {
      Objects.requireNonNull(value, "value");
      if (value.version() != 0) {
        throw new IllegalArgumentException("version must be 0 to create an identity, was " + value.version());
      }
      synchronized (writeLock) {
        if (groupHolding(value.key()) != null) {
          throw new DuplicateKeyException("identity", value.key().toString());
        }
        Identity stored = value.withVersion(1);
        add(stored);
        identityCount++;
        return stored;
      }
    }

    private void add(Identity identity) {
      byte[] bytes = groupOf(identity.contactId());
      Group old = bytes == null ? null : PackedGroup.decode(bytes);
      Group base = old != null ? old : new Group(identity.contactId(), null, List.of());
      publish(bytes, old, base.withIdentity(identity));
    }

    @Override
    public Identity update(Identity value) {
      Objects.requireNonNull(value, "value");
      IdentityKey key = value.key();
      synchronized (writeLock) {
        byte[] bytes = groupHolding(key);
        Identity current = bytes == null ? null : PackedGroup.identityAt(bytes, PackedGroup.indexOf(bytes, key), key);
        if (bytes == null || current == null || current.version() != value.version()) {
          throw new StaleVersionException("identity", key.toString(), value.version(),
              current == null ? -1 : current.version());
        }
        Identity stored = value.withVersion(value.version() + 1);
        Group old = PackedGroup.decode(bytes);
        if (current.contactId().equals(stored.contactId())) {
          publish(bytes, old, old.withIdentity(stored));
        } else {
          // the new contact's group first: readers find the identity in one group or the other
          add(stored);
          byte[] oldBytes = Objects.requireNonNull(groupOf(current.contactId()));
          Group before = PackedGroup.decode(oldBytes);
          publish(oldBytes, before, before.withoutIdentity(key));
        }
        return stored;
      }
    }

    @Override
    public boolean delete(IdentityKey key) {
      Objects.requireNonNull(key, "key");
      synchronized (writeLock) {
        byte[] bytes = groupHolding(key);
        if (bytes == null) {
          return false;
        }
        Group old = PackedGroup.decode(bytes);
        publish(bytes, old, old.withoutIdentity(key));
        identityCount--;
        return true;
      }
    }

    @Override
    public long count() {
      return identityCount;
    }

    @Override
    public List<Identity> findByContact(ContactId contact) {
      byte[] group = groupOf(Objects.requireNonNull(contact, "contact"));
      return group == null ? List.of() : PackedGroup.decode(group).identities();
    }
  }
}
