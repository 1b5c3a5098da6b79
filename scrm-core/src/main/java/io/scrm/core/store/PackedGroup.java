package io.scrm.core.store;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Contact;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.ContactKind;
import io.scrm.core.model.ContactPoint;
import io.scrm.core.model.ContactPointType;
import io.scrm.core.model.Identity;
import io.scrm.core.model.IdentityKey;
import io.scrm.core.model.Provenance;
import io.scrm.core.store.PackedBytes.In;
import io.scrm.core.store.PackedBytes.Out;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A contact id with its contact (if stored) and the identities that belong to it, packed into one
 * byte array. The in-memory directory keeps one such array per contact id instead of a graph of
 * records, strings and map entries: a pseudonymous contact with three identities packs into about
 * 110 bytes, where the records, strings and map entries took about 850.
 *
 * <p>Layout (integers are unsigned LEB128 varints unless noted; strings are a varint length and
 * UTF-8 bytes):
 *
 * <pre>
 * contact id      0 + 16 bytes for a canonical lower-case UUID, else 1 + string
 * base time       zig-zag epoch second, nano: the first time stored in the group; every time
 *                 below is a zig-zag nanosecond difference to it (shifted left by one), or, if that
 *                 does not fit in a long, 1 + zig-zag epoch second + nano
 * identity count  then per identity, in key order:
 *   channel       1 byte: the code of a built-in channel, or 0 + string
 *   handle        string
 *   flags         1 byte: 1 = display name follows, 2 = signals follow
 *   display name  string, if flagged
 *   first seen    time
 *   signals       if flagged: count, then (string name, zig-zag value)
 *   version
 * contact flag    0 = no contact stored for this id, 1 = contact follows
 *   header        1 byte: kind ordinal (bits 0-1), provenance ordinal (bits 2-4), 32 pseudonymous,
 *                 64 points follow, 128 attributes follow
 *   strings       1 byte: 1 display name, 2 organisation, 4 language, 8 postal code, 16 owner;
 *                 the flagged strings follow in that order
 *   points        if flagged: count, then (type ordinal, string value, provenance ordinal, time)
 *   identities    count, then per key: i + 1 for the group's i-th identity, or 0 + channel + handle
 *   attributes    if flagged: count, then (string key, string value)
 *   created at    time
 *   version
 * </pre>
 *
 * Decoding runs the records' constructors, so a packed group can only ever decode to valid records.
 */
final class PackedGroup {
  private static final ContactKind[] KINDS = ContactKind.values();
  private static final Provenance[] PROVENANCES = Provenance.values();
  private static final ContactPointType[] POINT_TYPES = ContactPointType.values();

  static {
    if (KINDS.length > 4 || PROVENANCES.length > 8) {
      throw new IllegalStateException("contact kind or provenance no longer fits the packed header");
    }
  }

  private PackedGroup() {}

  /**
   * One contact id's records.
   *
   * @param id the contact id
   * @param contact the stored contact of that id, or null
   * @param identities the stored identities of that id, sorted by key
   */
  record Group(ContactId id, @Nullable Contact contact, List<Identity> identities) {
    Group {
      Objects.requireNonNull(id, "id");
      identities = List.copyOf(identities);
    }

    boolean empty() {
      return contact == null && identities.isEmpty();
    }

    /** This group with the identity added or replaced; the identity must belong to this id. */
    Group withIdentity(Identity identity) {
      List<Identity> next = new ArrayList<>(identities);
      int at = Collections.binarySearch(keys(), identity.key());
      if (at >= 0) {
        next.set(at, identity);
      } else {
        next.add(-at - 1, identity);
      }
      return new Group(id, contact, next);
    }

    Group withoutIdentity(IdentityKey key) {
      List<Identity> next = new ArrayList<>(identities);
      next.removeIf(i -> i.key().equals(key));
      return new Group(id, contact, next);
    }

    Group withContact(@Nullable Contact value) {
      return new Group(id, value, identities);
    }

    /** The identities' keys, sorted: a view over {@link #identities}, not a copy. */
    List<IdentityKey> keys() {
      return new Keys(identities);
    }
  }

  /** The keys of a sorted, immutable list of identities. */
  private static final class Keys extends AbstractList<IdentityKey> implements RandomAccess {
    private final List<Identity> identities;

    Keys(List<Identity> identities) {
      this.identities = identities;
    }

    @Override
    public IdentityKey get(int index) {
      return identities.get(index).key();
    }

    @Override
    public int size() {
      return identities.size();
    }

    @Override
    public int indexOf(Object o) {
      for (int i = 0; i < identities.size(); i++) {
        if (identities.get(i).key().equals(o)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public boolean contains(Object o) {
      return indexOf(o) >= 0;
    }
  }

  // ---------------------------------------------------------------- encoding

  /** Encodes into a scratch buffer the caller owns (see {@link Out#clear}); returns the exact bytes. */
  static byte[] encode(Group group, Out scratch) {
    Out out = scratch.clear();
    contactId(out, group.id());
    Contact c = group.contact();
    out.base = !group.identities().isEmpty() ? group.identities().get(0).firstSeen()
        : Objects.requireNonNull(c, "an empty group is not stored").createdAt();
    out.zigzag(out.base.getEpochSecond());
    out.varint(out.base.getNano());
    List<IdentityKey> keys = group.keys();
    out.varint(keys.size());
    for (Identity identity : group.identities()) {
      identity(out, identity);
    }
    if (c == null) {
      out.u8(0);
    } else {
      out.u8(1);
      contact(out, c, keys);
    }
    return out.toArray();
  }

  private static void identity(Out out, Identity identity) {
    out.channel(identity.key().channel());
    out.string(identity.key().handle());
    String name = identity.displayName();
    boolean signals = !identity.signals().isEmpty();
    out.u8((name == null ? 0 : 1) | (signals ? 2 : 0));
    if (name != null) {
      out.string(name);
    }
    out.instant(identity.firstSeen());
    if (signals) {
      out.varint(identity.signals().size());
      for (Map.Entry<String, Long> s : identity.signals().entrySet()) {
        out.string(s.getKey());
        out.zigzag(s.getValue());
      }
    }
    out.varint(identity.version());
  }

  private static void contact(Out out, Contact c, List<IdentityKey> groupKeys) {
    boolean points = !c.contactPoints().isEmpty();
    boolean attributes = !c.attributes().isEmpty();
    out.u8(c.kind().ordinal() | c.provenance().ordinal() << 2 | (c.pseudonymous() ? 32 : 0) | (points ? 64 : 0)
        | (attributes ? 128 : 0));
    String[] optional = {c.displayName(), c.organisation(), c.language(), c.postalCode(), c.owner()};
    int flags = 0;
    for (int i = 0; i < optional.length; i++) {
      if (optional[i] != null) {
        flags |= 1 << i;
      }
    }
    out.u8(flags);
    for (String s : optional) {
      if (s != null) {
        out.string(s);
      }
    }
    if (points) {
      out.varint(c.contactPoints().size());
    }
    for (ContactPoint p : c.contactPoints()) {
      out.u8(p.type().ordinal());
      out.string(p.value());
      out.u8(p.provenance().ordinal());
      out.instant(p.recordedAt());
    }
    out.varint(c.identities().size());
    for (IdentityKey key : c.identities()) {
      int at = Collections.binarySearch(groupKeys, key);
      if (at >= 0) {
        out.varint(at + 1L);
      } else {
        out.u8(0);
        out.channel(key.channel());
        out.string(key.handle());
      }
    }
    if (attributes) {
      out.varint(c.attributes().size());
    }
    for (Map.Entry<String, String> a : c.attributes().entrySet()) {
      out.string(a.getKey());
      out.string(a.getValue());
    }
    out.instant(c.createdAt());
    out.varint(c.version());
  }

  private static void contactId(Out out, ContactId id) {
    long[] uuid = canonicalUuid(id.value());
    if (uuid != null) {
      out.u8(0);
      out.fixed64(uuid[0]);
      out.fixed64(uuid[1]);
    } else {
      out.u8(1);
      out.string(id.value());
    }
  }

  /** The two halves of a canonical lower-case UUID string, or null if the text is not one. */
  static long @Nullable [] canonicalUuid(String s) {
    if (s.length() != 36) {
      return null;
    }
    long high = 0;
    long low = 0;
    int digits = 0;
    for (int i = 0; i < 36; i++) {
      char ch = s.charAt(i);
      if (i == 8 || i == 13 || i == 18 || i == 23) {
        if (ch != '-') {
          return null;
        }
        continue;
      }
      int v = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
      if (v < 0) {
        return null;
      }
      if (digits < 16) {
        high = high << 4 | v;
      } else {
        low = low << 4 | v;
      }
      digits++;
    }
    return new long[] {high, low};
  }

  private static String uuidText(long high, long low) {
    byte[] text = new byte[36];
    int at = 0;
    for (int i = 0; i < 32; i++) {
      if (i == 8 || i == 12 || i == 16 || i == 20) {
        text[at++] = '-';
      }
      long half = i < 16 ? high : low;
      int v = (int) (half >>> (60 - 4 * (i % 16))) & 0xF;
      text[at++] = (byte) (v < 10 ? '0' + v : 'a' + v - 10);
    }
    return new String(text, StandardCharsets.ISO_8859_1);
  }

  // ---------------------------------------------------------------- decoding

  static Group decode(byte[] packed) {
    In in = new In(packed);
    ContactId id = readContactId(in);
    in.readBase();
    int count = in.varint32();
    List<Identity> identities = new ArrayList<>(count);
    List<IdentityKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Identity identity = readIdentity(in, id, null);
      identities.add(identity);
      keys.add(identity.key());
    }
    Contact contact = in.u8() == 0 ? null : readContact(in, id, keys);
    return new Group(id, contact, identities);
  }

  static ContactId contactIdOf(byte[] packed) {
    return readContactId(new In(packed));
  }

  /** Whether the group is the one of this contact id, without decoding it. */
  static boolean isOf(byte[] packed, ContactId id, long @Nullable [] uuid) {
    if (uuid != null) {
      return packed[0] == 0 && readFixed64(packed, 1) == uuid[0] && readFixed64(packed, 9) == uuid[1];
    }
    if (packed[0] != 1) {
      return false;
    }
    In in = new In(packed);
    in.at = 1;
    return in.stringEquals(id.value());
  }

  /** The stored contact of this group, or null; decodes only the identities' keys besides it. */
  static @Nullable Contact contactOf(byte[] packed) {
    In in = new In(packed);
    ContactId id = readContactId(in);
    in.readBase();
    int count = in.varint32();
    List<IdentityKey> keys = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      keys.add(new IdentityKey(in.channel(), in.string()));
      skipIdentityRest(in);
    }
    return in.u8() == 0 ? null : readContact(in, id, keys);
  }

  /** The key of the identity at an index. */
  static IdentityKey keyAt(byte[] packed, int index) {
    In in = new In(packed);
    skipContactId(in);
    in.readBase();
    in.varint32();
    for (int i = 0; i < index; i++) {
      skipIdentity(in);
    }
    return new IdentityKey(in.channel(), in.string());
  }

  /** Index of the identity with this key in the group, or -1; reads only the keys. */
  static int indexOf(byte[] packed, IdentityKey key) {
    In in = new In(packed);
    skipContactId(in);
    in.skipBase();
    int count = in.varint32();
    for (int i = 0; i < count; i++) {
      // both comparisons run: each moves the cursor past what it compared
      if (in.channelEquals(key.channel()) & in.stringEquals(key.handle())) {
        return i;
      }
      skipIdentityRest(in);
    }
    return -1;
  }

  /** The identity with this key if the group holds it, else null; see {@link #identityAt}. */
  static @Nullable Identity identityOf(byte[] packed, IdentityKey key) {
    int index = indexOf(packed, key);
    return index < 0 ? null : identityAt(packed, index, key);
  }

  /**
   * The identity at an index found by {@link #indexOf}; its key is {@code key} itself, so the caller's
   * handle string is shared instead of decoded again.
   */
  static Identity identityAt(byte[] packed, int index, IdentityKey key) {
    In in = new In(packed);
    ContactId id = readContactId(in);
    in.readBase();
    in.varint32();
    for (int i = 0; i < index; i++) {
      skipIdentity(in);
    }
    return readIdentity(in, id, key);
  }

  private static void skipIdentity(In in) {
    in.skipChannel();
    in.skipString();
    skipIdentityRest(in);
  }

  /** Skips what follows an identity's key, mirroring {@link #readIdentity}. */
  private static void skipIdentityRest(In in) {
    int flags = in.u8();
    if ((flags & 1) != 0) {
      in.skipString();
    }
    in.instant();
    if ((flags & 2) != 0) {
      int signals = in.varint32();
      for (int i = 0; i < signals; i++) {
        in.skipString();
        in.varint();
      }
    }
    in.varint();
  }

  private static void skipContactId(In in) {
    if (in.u8() == 0) {
      in.at += 16;
    } else {
      in.skipString();
    }
  }

  private static ContactId readContactId(In in) {
    if (in.u8() == 0) {
      long high = readFixed64(in.buf, in.at);
      long low = readFixed64(in.buf, in.at + 8);
      in.at += 16;
      return new ContactId(uuidText(high, low));
    }
    return new ContactId(in.string());
  }

  private static Identity readIdentity(In in, ContactId id, @Nullable IdentityKey known) {
    IdentityKey key;
    if (known != null) {
      in.skipChannel();
      in.skipString();
      key = known;
    } else {
      ChannelId channel = in.channel();
      key = new IdentityKey(channel, in.string());
    }
    int flags = in.u8();
    String name = (flags & 1) != 0 ? in.string() : null;
    Instant firstSeen = in.instant();
    int signalCount = (flags & 2) != 0 ? in.varint32() : 0;
    Map<String, Long> signals = Map.of();
    if (signalCount > 0) {
      Map<String, Long> read = new LinkedHashMap<>();
      for (int i = 0; i < signalCount; i++) {
        read.put(in.string(), in.zigzag());
      }
      signals = read;
    }
    long version = in.varint();
    return new Identity(key, name, id, firstSeen, signals, version);
  }

  private static Contact readContact(In in, ContactId id, List<IdentityKey> groupKeys) {
    int header = in.u8();
    ContactKind kind = KINDS[header & 3];
    Provenance provenance = PROVENANCES[header >>> 2 & 7];
    int flags = in.u8();
    String[] optional = new String[5];
    for (int i = 0; i < optional.length; i++) {
      if ((flags & (1 << i)) != 0) {
        optional[i] = in.string();
      }
    }
    int points = (header & 64) != 0 ? in.varint32() : 0;
    List<ContactPoint> contactPoints = new ArrayList<>(points);
    for (int i = 0; i < points; i++) {
      ContactPointType type = POINT_TYPES[in.u8()];
      String value = in.string();
      Provenance pointProvenance = PROVENANCES[in.u8()];
      contactPoints.add(new ContactPoint(type, value, pointProvenance, in.instant()));
    }
    int identityCount = in.varint32();
    List<IdentityKey> identities = new ArrayList<>(identityCount);
    for (int i = 0; i < identityCount; i++) {
      int ref = in.varint32();
      identities.add(ref > 0 ? groupKeys.get(ref - 1) : new IdentityKey(in.channel(), in.string()));
    }
    int attributeCount = (header & 128) != 0 ? in.varint32() : 0;
    Map<String, String> attributes = Map.of();
    if (attributeCount > 0) {
      Map<String, String> read = new LinkedHashMap<>();
      for (int i = 0; i < attributeCount; i++) {
        read.put(in.string(), in.string());
      }
      attributes = read;
    }
    Instant createdAt = in.instant();
    long version = in.varint();
    return new Contact(id, kind, optional[0], optional[1], optional[2], optional[3], contactPoints, identities,
        optional[4], provenance, (header & 32) != 0, attributes, createdAt, version);
  }

  private static long readFixed64(byte[] b, int at) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = v << 8 | (b[at + i] & 0xFF);
    }
    return v;
  }
}
