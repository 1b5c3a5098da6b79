package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactKind;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Provenance;
import io.scrm.core.store.PackedGroup.Group;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

final class InMemoryDirectoryTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:15:30.123456789Z");
  private static final List<ContactId> IDS = List.of(ContactId.of("0b7e5f2c-3a41-4c8e-9d2f-6a1b2c3d4e5f"),
      ContactId.of("kunde-4711"), ContactId.of("0B7E5F2C-3A41-4C8E-9D2F-6A1B2C3D4E5F"),
      ContactId.of("f0000000-0000-4000-8000-00000000000a"), ContactId.of("Müller & Söhne GmbH"));
  private static final List<IdentityKey> KEYS = List.of(IdentityKey.of(ChannelId.TELEGRAM, "1001"),
      IdentityKey.of(ChannelId.TELEGRAM, "9007199254740993"), IdentityKey.of(ChannelId.MASTODON, "jule@social.example"),
      IdentityKey.of(ChannelId.EMAIL, "jürgen.hoffmann@example.de"), IdentityKey.of(ChannelId.of("matrix"), "@jule:m.de"),
      IdentityKey.of(ChannelId.X, "2244994945"), IdentityKey.of(ChannelId.MESSENGER, "😀-psid"),
      IdentityKey.of(ChannelId.FACEBOOK, "1001"));
  private static final List<String> ADDRESSES = List.of("jule@example.de", "JULE@example.de ", "+49 30 1234567");

  private static Contact rich(ContactId id) {
    return Contact.builder(id, T0).kind(ContactKind.ORGANISATION).displayName("Jürgen Hoffmann")
        .organisation("Hoffmann Bau GmbH").language("de").postalCode("10115").owner("agent-7")
        .provenance(Provenance.CONTRACT)
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "jule@example.de", Provenance.FORM, T0))
        .addContactPoint(new ContactPoint(ContactPointType.PHONE, "+49 30 1234567", Provenance.CONTRACT,
            Instant.EPOCH.minusSeconds(86_400)))
        .addIdentity(KEYS.get(0)).addIdentity(KEYS.get(4)).attribute("kundennummer", "K-2026-0815")
        .attribute("segment", "Bauherr").build();
  }

  @Test
  void packedGroup_decodesToEqualRecords() {
    for (ContactId id : IDS) {
      Identity named = new Identity(KEYS.get(0), "Jürgen 🏗 Hoffmann", id, T0, Map.of("followers", 1200L,
          "engagement", -3L), 7);
      Identity plain = Identity.of(KEYS.get(4), null, id, Instant.ofEpochSecond(-5, 1));
      // the contact links one of the group's identities and one that lives elsewhere
      Group group = new Group(id, rich(id).withVersion(3), List.of(named, plain)).withIdentity(
          Identity.of(KEYS.get(6), "x", id, T0));

      assertThat(PackedGroup.decode(encode(group))).isEqualTo(group);
      byte[] packed = encode(group);
      assertThat(PackedGroup.contactOf(packed)).isEqualTo(group.contact());
      assertThat(PackedGroup.contactIdOf(packed)).isEqualTo(id);
      assertThat(PackedGroup.isOf(packed, id, PackedGroup.canonicalUuid(id.value()))).isTrue();
      for (int i = 0; i < group.identities().size(); i++) {
        IdentityKey key = group.identities().get(i).key();
        assertThat(PackedGroup.indexOf(packed, key)).isEqualTo(i);
        assertThat(PackedGroup.keyAt(packed, i)).isEqualTo(key);
        assertThat(PackedGroup.identityAt(packed, i, key)).isEqualTo(group.identities().get(i));
      }
      assertThat(PackedGroup.indexOf(packed, KEYS.get(7))).isEqualTo(-1);
      for (ContactId other : IDS) {
        assertThat(PackedGroup.isOf(packed, other, PackedGroup.canonicalUuid(other.value())))
            .isEqualTo(other.equals(id));
      }
    }
  }

  @Test
  void packedGroup_unpairedSurrogatesAndLongTexts_roundTripExactly() {
    // a platform may cut a text inside an emoji; UTF-8 cannot carry the half that is left
    ContactId id = ContactId.of("kunde-\uD83D");
    IdentityKey lone = IdentityKey.of(ChannelId.TELEGRAM, "handle-\uDE00-end");
    Contact contact = Contact.builder(id, T0).displayName("Jule \uD83D").organisation("x".repeat(200))
        .attribute("notiz", "ä".repeat(70) + "\uDC00").addIdentity(lone).build().withVersion(1);
    Group group = new Group(id, contact, List.of(Identity.of(lone, "\uD83D\uDE00 ok \uD83D", id, T0)));
    byte[] packed = encode(group);
    assertThat(PackedGroup.decode(packed)).isEqualTo(group);
    assertThat(PackedGroup.contactIdOf(packed)).isEqualTo(id);
    assertThat(PackedGroup.isOf(packed, id, null)).isTrue();
    assertThat(PackedGroup.isOf(packed, ContactId.of("kunde-?"), null)).isFalse();
    assertThat(PackedGroup.indexOf(packed, lone)).isZero();
    assertThat(PackedGroup.indexOf(packed, IdentityKey.of(ChannelId.TELEGRAM, "handle-?-end"))).isEqualTo(-1);
  }

  @Test
  void packedGroup_pseudonymousContactWithThreeIdentities_packsInto108Bytes() {
    ContactId id = ContactId.random();
    Instant at = Instant.parse("2026-03-02T09:00:00Z");
    Contact contact = Contact.pseudonymous(id, IdentityKey.of(ChannelId.TELEGRAM, "kunde_123456"), at)
        .withIdentity(IdentityKey.of(ChannelId.MASTODON, "kunde123456@social.example"))
        .withIdentity(IdentityKey.of(ChannelId.EMAIL, "kunde123456@example.de")).withVersion(1);
    Group group = new Group(id, contact, List.of());
    for (IdentityKey key : contact.identities()) {
      group = group.withIdentity(Identity.of(key, null, id, at).withVersion(1));
    }

    // 17 for the id, 6 for the base time, 1 for the count, 3 handles of 12 + 26 + 22 bytes and 5
    // more for each identity, 1 + 8 for the contact (its identities are three one-byte references)
    assertThat(encode(group)).hasSize(108);
  }

  @Test
  void canonicalUuid_onlyForTheLowerCaseTextItPrintsBackTo() {
    assertThat(PackedGroup.canonicalUuid("0b7e5f2c-3a41-4c8e-9d2f-6a1b2c3d4e5f")).isNotNull();
    assertThat(PackedGroup.canonicalUuid("0B7E5F2C-3A41-4C8E-9D2F-6A1B2C3D4E5F")).isNull();
    assertThat(PackedGroup.canonicalUuid("0b7e5f2c03a41-4c8e-9d2f-6a1b2c3d4e5f")).isNull();
    assertThat(PackedGroup.canonicalUuid("0b7e5f2c-3a41-4c8e-9d2f-6a1b2c3d4e5")).isNull();
    ContactId random = ContactId.random();
    Group group = new Group(random, null, List.of(Identity.of(KEYS.get(0), null, random, T0)));
    assertThat(PackedGroup.contactIdOf(encode(group))).isEqualTo(random);
  }

  @Test
  void anySequenceOfWrites_readsWhatAPlainModelHolds() {
    // op: kind 0..7, contact 0..4, key 0..7, variant 0..3
    qt().withExamples(300).forAll(lists().of(integers().between(0, 8 * 5 * 8 * 4 - 1)).ofSizeBetween(0, 120))
        .checkAssert(ops -> {
          InMemoryDirectory directory = new InMemoryDirectory(0);
          Model model = new Model();
          for (int op : ops) {
            int kind = op % 8;
            ContactId id = IDS.get(op / 8 % 5);
            IdentityKey key = KEYS.get(op / 40 % 8);
            int variant = op / 320;
            apply(directory.contacts(), directory.identities(), model, kind, id, key, variant);
            assertSame(directory, model);
          }
        });
  }

  @Test
  void manyContacts_growTheTablesAndStayFindable() {
    InMemoryDirectory directory = new InMemoryDirectory(0);
    List<ContactId> ids = new ArrayList<>();
    for (int i = 0; i < 5_000; i++) {
      ContactId id = i % 3 == 0 ? ContactId.of("kunde-" + i) : ContactId.random();
      ids.add(id);
      IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, Integer.toString(i));
      directory.identities().create(Identity.of(key, null, id, T0));
      directory.contacts().create(Contact.pseudonymous(id, key, T0).toBuilder()
          .addContactPoint(new ContactPoint(ContactPointType.EMAIL, "k" + i % 100 + "@example.de", Provenance.FORM, T0))
          .build());
      if (i % 7 == 0) {
        directory.identities().delete(key);
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      IdentityKey key = IdentityKey.of(ChannelId.TELEGRAM, Integer.toString(i));
      assertThat(directory.contacts().find(ids.get(i))).map(Contact::identities).contains(List.of(key));
      assertThat(directory.identities().find(key).map(Identity::contactId))
          .isEqualTo(i % 7 == 0 ? Optional.empty() : Optional.of(ids.get(i)));
    }
    assertThat(directory.contacts().count()).isEqualTo(5_000);
    assertThat(directory.identities().count()).isEqualTo(5_000 - 715);
    assertThat(directory.contacts().findByContactPoint(ContactPointType.EMAIL, "K42@example.de")).hasSize(50);
  }

  @Test
  void readersDuringWrites_neverMissAnIdentityThatStays() throws Exception {
    InMemoryDirectory directory = new InMemoryDirectory(0);
    ContactId id = ContactId.random();
    IdentityKey stays = IdentityKey.of(ChannelId.TELEGRAM, "1001");
    directory.identities().create(Identity.of(stays, null, id, T0));
    directory.contacts().create(Contact.pseudonymous(id, stays, T0));
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> reads = pool.submit(() -> {
        int misses = 0;
        while (!done.get()) {
          if (directory.identities().find(stays).isEmpty() || directory.contacts().find(id).isEmpty()) {
            misses++;
          }
        }
        return misses;
      });
      Future<?> writes = pool.submit(() -> {
        for (int i = 0; i < 20_000; i++) {
          // other identities of the same contact come and go; other contacts grow the tables
          IdentityKey other = IdentityKey.of(ChannelId.MASTODON, "k" + i + "@social.example");
          directory.identities().create(Identity.of(other, null, i % 2 == 0 ? id : ContactId.random(), T0));
          if (i % 2 == 0) {
            directory.identities().delete(other);
          }
          Contact c = directory.contacts().find(id).orElseThrow();
          directory.contacts().update(c.toBuilder().displayName("Name " + i).build());
        }
      });
      writes.get(60, TimeUnit.SECONDS);
      done.set(true);
      assertThat(reads.get(10, TimeUnit.SECONDS)).isZero();
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    assertThat(directory.identities().findByContact(id)).extracting(Identity::key).containsExactly(stays);
  }

  @Test
  void contactWithFiftyContactPoints_isStoredWholeAndFoundByEach() {
    Stores stores = Stores.inMemory();
    Contact.Builder b = Contact.builder(ContactId.of("c1"), T0);
    for (int i = 0; i < 50; i++) {
      b.addContactPoint(new ContactPoint(ContactPointType.EMAIL, "a" + i + "@example.de", Provenance.FORM, T0));
    }

    Contact stored = stores.contacts().create(b.build());

    assertThat(stores.contacts().find(ContactId.of("c1"))).contains(stored);
    for (int i = 0; i < 50; i++) {
      assertThat(stores.contacts().findByContactPoint(ContactPointType.EMAIL, "a" + i + "@example.de"))
          .containsExactly(stored);
    }
  }

  @Test
  void contactPointsBeyondTheFreeSlotsOfANearlyCrowdedTable_areStored() {
    Stores stores = Stores.inMemory();
    // 33 of the point table's 48 slots used, not yet crowded; the next contact brings 14 more
    for (int i = 0; i < 33; i++) {
      stores.contacts().create(Contact.builder(ContactId.of("k" + i), T0)
          .addContactPoint(new ContactPoint(ContactPointType.PHONE, "+49 30 " + i, Provenance.FORM, T0)).build());
    }
    Contact.Builder b = Contact.builder(ContactId.of("c1"), T0);
    for (int i = 0; i < 14; i++) {
      b.addContactPoint(new ContactPoint(ContactPointType.EMAIL, "a" + i + "@example.de", Provenance.FORM, T0));
    }

    Contact stored = stores.contacts().create(b.build());

    assertThat(stores.contacts().findByContactPoint(ContactPointType.EMAIL, "a13@example.de"))
        .containsExactly(stored);
    assertThat(stores.contacts().count()).isEqualTo(34);
  }

  /** Distinct strings that share one {@code String.hashCode}: "Aa" and "BB" collide. */
  private static List<String> colliding(int count) {
    List<String> out = new ArrayList<>();
    for (int bits = 0; out.size() < count; bits++) {
      StringBuilder sb = new StringBuilder();
      for (int k = 0; k < 11; k++) {
        sb.append((bits >>> k & 1) == 0 ? "Aa" : "BB");
      }
      out.add(sb.toString());
    }
    return out;
  }

  @Test
  void identityMovedBetweenContacts_isFoundUnderOneOrTheOtherThroughout() throws Exception {
    Stores stores = Stores.inMemory();
    IdentityStore identities = stores.identities();
    // a long probe path that all these handles share, with a tombstone at its start
    List<String> handles = colliding(1_502);
    IdentityKey first = IdentityKey.of(ChannelId.TELEGRAM, handles.get(0));
    identities.create(Identity.of(first, null, ContactId.of("z"), T0));
    for (int i = 1; i <= 1_500; i++) {
      identities.create(Identity.of(IdentityKey.of(ChannelId.TELEGRAM, handles.get(i)), null,
          ContactId.of("f" + i), T0));
    }
    ContactId a = ContactId.of("a");
    ContactId b = ContactId.of("b");
    IdentityKey moving = IdentityKey.of(ChannelId.TELEGRAM, handles.get(1_501));
    identities.create(Identity.of(moving, null, a, T0));
    identities.delete(first);
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      Future<?> moves = pool.submit(() -> {
        while (!done.get()) {
          Identity c = identities.find(moving).orElseThrow();
          identities.update(c.withContact(c.contactId().equals(a) ? b : a));
        }
      });
      int misses = 0;
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < end && misses == 0) {
        if (identities.findContactId(moving).isEmpty()) {
          misses++;
        }
      }
      done.set(true);
      moves.get(10, TimeUnit.SECONDS);
      assertThat(misses).as("reads that found no contact for an identity that exists throughout").isZero();
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  void staleAndDuplicateWrites_areTypedAndChangeNothing() {
    InMemoryDirectory directory = new InMemoryDirectory(0);
    ContactId id = IDS.get(0);
    Contact stored = directory.contacts().create(rich(id));
    directory.contacts().update(stored.toBuilder().displayName("Neu").build());

    assertThatThrownBy(() -> directory.contacts().update(stored)).isInstanceOf(StaleVersionException.class)
        .hasMessageContaining("contact " + id);
    assertThatThrownBy(() -> directory.contacts().create(rich(id))).isInstanceOf(DuplicateKeyException.class);
    assertThatThrownBy(() -> directory.contacts().create(stored)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("version must be 0");
    Identity identity = directory.identities().create(Identity.of(KEYS.get(0), null, id, T0));
    assertThatThrownBy(() -> directory.identities().create(Identity.of(KEYS.get(0), null, IDS.get(1), T0)))
        .isInstanceOfSatisfying(DuplicateKeyException.class, e -> assertThat(e.key()).isEqualTo("telegram:1001"));
    directory.identities().update(identity.withDisplayName("J."));
    assertThatThrownBy(() -> directory.identities().update(identity.withContact(IDS.get(1))))
        .isInstanceOf(StaleVersionException.class);

    assertThat(directory.contacts().find(id)).map(Contact::displayName).contains("Neu");
    assertThat(directory.identities().find(KEYS.get(0))).map(Identity::contactId).contains(id);
    assertThat(directory.identities().findByContact(IDS.get(1))).isEmpty();
    assertThat(directory.contacts().count()).isEqualTo(1);
    assertThat(directory.identities().count()).isEqualTo(1);
  }

  /** Applies one operation to the directory and the model alike, comparing what each throws. */
  private static void apply(ContactStore contacts, IdentityStore identities, Model model, int kind, ContactId id,
      IdentityKey key, int variant) {
    switch (kind) {
      case 0 -> same(() -> contacts.create(contact(id, key, variant)), () -> model.createContact(contact(id, key,
          variant)));
      case 1, 2 -> {
        Contact current = model.contacts.get(id);
        if (current == null) {
          same(() -> contacts.update(contact(id, key, variant)), () -> model.updateContact(contact(id, key, variant)));
        } else {
          Contact.Builder b = current.toBuilder();
          switch (variant) {
            case 0 -> b.addIdentity(key);
            case 1 -> b.removeIdentity(key);
            case 2 -> b.addContactPoint(new ContactPoint(ContactPointType.EMAIL, ADDRESSES.get(key.handle().length() % 3),
                Provenance.FORM, T0));
            default -> b.clearContactPoints().displayName(key.handle());
          }
          Contact next = b.build();
          Contact stale = kind == 2 && variant == 3 ? next.withVersion(next.version() + 1) : next;
          same(() -> contacts.update(stale), () -> model.updateContact(stale));
        }
      }
      case 3 -> same(() -> contacts.delete(id), () -> model.contacts.remove(id) != null);
      case 4 -> same(() -> identities.create(Identity.of(key, variant == 0 ? null : "Jule " + variant, id, T0)),
          () -> model.createIdentity(Identity.of(key, variant == 0 ? null : "Jule " + variant, id, T0)));
      case 5, 6 -> {
        Identity current = model.identities.get(key);
        Identity next = current == null ? Identity.of(key, null, id, T0)
            : variant % 2 == 0 ? current.withContact(id)
            : current.withSignals(Map.of("followers", (long) variant * 1000)).withDisplayName(null);
        same(() -> identities.update(next), () -> model.updateIdentity(next));
      }
      default -> same(() -> identities.delete(key), () -> model.identities.remove(key) != null);
    }
  }

  private static Contact contact(ContactId id, IdentityKey key, int variant) {
    return variant == 0 ? Contact.pseudonymous(id, key, T0) : rich(id);
  }

  private interface Write {
    Object run();
  }

  private static void same(Write directory, Write model) {
    Object expected;
    try {
      expected = model.run();
    } catch (RuntimeException e) {
      assertThatThrownBy(directory::run).isInstanceOf(e.getClass()).hasMessage(e.getMessage());
      return;
    }
    assertThat(directory.run()).isEqualTo(expected);
  }

  /** A group's bytes, encoded into a fresh buffer. */
  private static byte[] encode(Group group) {
    return PackedGroup.encode(group, new PackedBytes.Out(PackedBytes.Out.INITIAL));
  }

  private static void assertSame(InMemoryDirectory directory, Model model) {
    for (ContactId id : IDS) {
      assertThat(directory.contacts().find(id)).isEqualTo(Optional.ofNullable(model.contacts.get(id)));
      List<Identity> of = new ArrayList<>();
      model.identities.values().stream().filter(i -> i.contactId().equals(id)).forEach(of::add);
      of.sort(Comparator.comparing(Identity::key));
      assertThat(directory.identities().findByContact(id)).isEqualTo(of);
    }
    for (IdentityKey key : KEYS) {
      assertThat(directory.identities().find(key)).isEqualTo(Optional.ofNullable(model.identities.get(key)));
      assertThat(directory.identities().findContactId(key))
          .isEqualTo(Optional.ofNullable(model.identities.get(key)).map(Identity::contactId));
    }
    for (String address : ADDRESSES) {
      ContactPointType type = address.startsWith("+") ? ContactPointType.PHONE : ContactPointType.EMAIL;
      String wanted = ContactPoint.key(type, address);
      List<Contact> holding = model.contacts.values().stream()
          .filter(c -> c.contactPoints().stream().anyMatch(
              p -> ContactPoint.key(p.type(), p.value()).equals(wanted)))
          .sorted(Comparator.comparing(Contact::id)).toList();
      assertThat(directory.contacts().findByContactPoint(type, address)).isEqualTo(holding);
    }
    assertThat(directory.contacts().count()).isEqualTo(model.contacts.size());
    assertThat(directory.identities().count()).isEqualTo(model.identities.size());
  }

  /** What the stores' contract says, kept in plain maps. */
  private static final class Model {
    final Map<ContactId, Contact> contacts = new HashMap<>();
    final Map<IdentityKey, Identity> identities = new HashMap<>();

    Contact createContact(Contact c) {
      if (c.version() != 0) {
        throw new IllegalArgumentException("version must be 0 to create a contact, was " + c.version());
      }
      if (contacts.containsKey(c.id())) {
        throw new DuplicateKeyException("contact", c.id().toString());
      }
      contacts.put(c.id(), c.withVersion(1));
      return c.withVersion(1);
    }

    Contact updateContact(Contact c) {
      Contact current = contacts.get(c.id());
      if (current == null || current.version() != c.version()) {
        throw new StaleVersionException("contact", c.id().toString(), c.version(),
            current == null ? -1 : current.version());
      }
      contacts.put(c.id(), c.withVersion(c.version() + 1));
      return c.withVersion(c.version() + 1);
    }

    Identity createIdentity(Identity i) {
      if (identities.containsKey(i.key())) {
        throw new DuplicateKeyException("identity", i.key().toString());
      }
      identities.put(i.key(), i.withVersion(1));
      return i.withVersion(1);
    }

    Identity updateIdentity(Identity i) {
      Identity current = identities.get(i.key());
      if (current == null || current.version() != i.version()) {
        throw new StaleVersionException("identity", i.key().toString(), i.version(),
            current == null ? -1 : current.version());
      }
      identities.put(i.key(), i.withVersion(i.version() + 1));
      return i.withVersion(i.version() + 1);
    }
  }

  @Test
  void aContactUpdatedWhileItIsLookedUpByAContactPoint_isFoundOnceNotTwice() throws Exception {
    // two addresses with one home slot in the point table, so that the probe path of either passes
    // the slots of both: the reader meets the contact's group twice on one path
    int slots = new ProbeTable(InMemoryStores.DEFAULT_CAPACITY).capacity();
    String first = "a0@example.de";
    String second = null;
    for (int n = 1; second == null; n++) {
      if (pointHome("a" + n + "@example.de", slots) == pointHome(first, slots)) {
        second = "a" + n + "@example.de";
      }
    }
    List<String> addresses = List.of(first, second);
    InMemoryDirectory directory = new InMemoryDirectory(0);
    ContactId id = ContactId.of("kunde-4711");
    Contact created = directory.contacts().create(Contact.builder(id, T0)
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, second, Provenance.FORM, T0))
        .addContactPoint(new ContactPoint(ContactPointType.EMAIL, first, Provenance.FORM, T0)).build());
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(1);
    try {
      Future<?> writes = pool.submit(() -> {
        Contact c = created;
        for (int i = 0; !done.get(); i++) {
          c = directory.contacts().update(c.toBuilder().displayName("Name " + i).build());
        }
      });
      List<Contact> wrong = List.of();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      while (System.nanoTime() < end && wrong.isEmpty()) {
        for (String address : addresses) {
          List<Contact> found = directory.contacts().findByContactPoint(ContactPointType.EMAIL, address);
          if (found.size() != 1) {
            wrong = found;
          }
        }
      }
      done.set(true);
      writes.get(10, TimeUnit.SECONDS);
      assertThat(wrong).as("a look-up that found the one contact holding the address other than once").isEmpty();
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
  }

  private static int pointHome(String address, int slots) {
    String key = ContactPoint.key(ContactPointType.EMAIL, address);
    return ArrayLengths.home(LookupTable.spread(key.hashCode()), slots);
  }
}
