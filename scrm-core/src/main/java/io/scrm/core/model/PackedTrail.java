package io.scrm.core.model;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A case's audit trail: an immutable list kept in one byte array, that appends in constant time by
 * sharing the array with the trail it grew from. The array starts with the number of bytes claimed
 * so far; a copy appends by claiming the bytes after its own end (compare-and-set), so two copies
 * that both append to the same trail never overwrite each other: the second one copies.
 *
 * <p>Each line is written as bytes: its length, its time, the actor (or a mark for "the actor of
 * the first line", so that a customer's many lines do not repeat their id), the action, the states'
 * and the channel's names, the note and the command id. The engine's own texts take a byte each;
 * other strings a byte per character if they are Latin-1 and two (UTF-16 units) otherwise, so that
 * every string reads back as it was. {@link #get} builds the {@link AuditEntry} on demand. A stored
 * case so keeps two objects for its trail however long it is, and neither holds a reference for a
 * collector to follow.
 *
 * <p>Each line also ends with its length, and a line is found by walking from the nearest of the
 * first line, the line read last (the list remembers where it starts) and the end, so that reading
 * the lines in order, in either direction, walks the array once.
 */
final class PackedTrail extends AbstractList<AuditEntry> implements RandomAccess {
  private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle FINGER;
  /** The claimed length, at the start of the array. */
  private static final int HEADER = 4;
  /** A line's length and time: an int, a long and an int. */
  private static final int FIXED = 16;
  /** A line's length again, at its end, so that lines can be walked backwards. */
  private static final int TRAILER = 4;
  /** The longest array the JVM allocates. */
  private static final int MAX_LENGTH = Integer.MAX_VALUE - 8;
  /** The actor byte of a line whose actor is the first line's. */
  private static final int OPENER = 0xFF;
  /**
   * A new trail's room: enough for the first lines of a conversation (its opening, routing, a few
   * messages and the acknowledgement take about 300 bytes). A full trail grows by half.
   */
  private static final int FIRST_ROOM = 320;
  private static final ActorType[] ACTOR_TYPES = ActorType.values();
  private static final CaseState[] KNOWN_STATES = {CaseState.NEW, CaseState.TRIAGED, CaseState.IN_PROGRESS,
      CaseState.WAITING_ON_CUSTOMER, CaseState.RESOLVED, CaseState.CLOSED, CaseState.REOPENED};
  private static final ChannelId[] KNOWN_CHANNELS = {ChannelId.TELEGRAM, ChannelId.MASTODON, ChannelId.MESSENGER,
      ChannelId.FACEBOOK, ChannelId.X, ChannelId.EMAIL, ChannelId.IN_MEMORY};
  /**
   * The engine's own texts (actions, states, channels, system actors, kinds of message), each
   * written as one byte and read back as the same constant string, so that most lines keep a few
   * bytes and reading them allocates no string. Lines stay in memory, so the list may change freely.
   */
  private static final String[] KNOWN;
  private static final Map<String, Integer> CODES = new HashMap<>();
  static final PackedTrail EMPTY = new PackedTrail(new byte[] {HEADER, 0, 0, 0}, HEADER, 0);

  static {
    try {
      FINGER = MethodHandles.lookup().findVarHandle(PackedTrail.class, "finger", long.class);
    } catch (ReflectiveOperationException e) {
      throw new ExceptionInInitializerError(e);
    }
    List<String> known = new ArrayList<>(List.of("OPEN", "MESSAGE", "ROUTE", "REPLY_QUEUED", "REPLY_SENT",
        "MESSAGE_DELETED", "TRIAGE", "ASSIGN", "START", "ASK_CUSTOMER", "CUSTOMER_REPLIED", "RESOLVE", "CLOSE",
        "REOPEN", "ESCALATE", "NOTE", "scrm", "router", "outbox", "sla", "listening"));
    for (CaseState state : KNOWN_STATES) {
      known.add(state.name());
    }
    for (ChannelId channel : KNOWN_CHANNELS) {
      known.add(channel.name());
    }
    for (InteractionKind kind : InteractionKind.values()) {
      for (Visibility visibility : Visibility.values()) {
        known.add(kind.name() + " " + visibility.name()); // Interaction.kindAndVisibility()
      }
    }
    KNOWN = known.stream().distinct().toArray(String[]::new);
    if (KNOWN.length > 127) {
      throw new ExceptionInInitializerError("too many known texts: " + KNOWN.length);
    }
    for (int i = 0; i < KNOWN.length; i++) {
      CODES.put(KNOWN[i], i);
    }
  }

  private final byte[] data;
  /** Where this trail's last line ends. */
  private final int end;
  private final int size;
  /** The index of a line (high half) and where it starts (low half); 0 before the first read. */
  @SuppressWarnings("unused")
  private long finger;

  private PackedTrail(byte[] data, int end, int size) {
    this.data = data;
    this.end = end;
    this.size = size;
  }

  static PackedTrail copyOf(List<AuditEntry> entries) {
    AuditEntry[] items = entries.toArray(new AuditEntry[0]); // one read of a list the caller may change
    if (items.length == 0) {
      return EMPTY;
    }
    Actor first = items[0].actor();
    int length = HEADER;
    for (int i = 0; i < items.length; i++) {
      length = Math.addExact(length, lengthOf(items[i], i > 0 && first.equals(items[i].actor())));
    }
    byte[] data = new byte[length > MAX_LENGTH / 3 * 2 ? length : Math.max(FIRST_ROOM, length + length / 2)];
    INT.set(data, 0, length);
    for (int i = 0, at = HEADER; i < items.length; i++) {
      at = write(data, at, items[i], i > 0 && first.equals(items[i].actor()));
    }
    // filled before the trail is made, so that its final fields publish the lines with it
    return new PackedTrail(data, length, items.length);
  }

  /** This trail and one more line. */
  PackedTrail plus(AuditEntry entry) {
    boolean opener = size > 0 && isFirstActor(entry.actor());
    int length = lengthOf(entry, opener);
    int next = Math.addExact(end, length);
    if (next <= data.length && INT.compareAndSet(data, 0, end, next)) {
      write(data, end, entry, opener);
      return new PackedTrail(data, next, size + 1);
    }
    if (next > MAX_LENGTH) {
      throw new IllegalStateException("audit trail too long: " + size + " lines");
    }
    byte[] more = Arrays.copyOf(data, (int) Math.max(next, Math.min(3L * end / 2, MAX_LENGTH)));
    INT.set(more, 0, next);
    write(more, end, entry, opener);
    return new PackedTrail(more, next, size + 1);
  }

  /**
   * Walks to the line from the nearest of the first line, the line read last and the end: forward
   * by each line's leading length, backward by the trailing length of the line before.
   */
  @Override
  public AuditEntry get(int index) {
    Objects.checkIndex(index, size);
    int i = 0;
    int at = HEADER;
    if (size - index < index) {
      i = size;
      at = end;
    }
    long f = (long) FINGER.getOpaque(this);
    int fingerIndex = (int) (f >>> 32);
    if ((int) f != 0 && Math.abs(index - fingerIndex) < Math.abs(index - i)) {
      i = fingerIndex;
      at = (int) f;
    }
    for (; i < index; i++) {
      at += (int) INT.get(data, at);
    }
    for (; i > index; i--) {
      at -= (int) INT.get(data, at - 4);
    }
    AuditEntry entry = read(at);
    if (f != ((long) index << 32 | at)) {
      FINGER.setOpaque(this, (long) index << 32 | at);
    }
    return entry;
  }

  @Override
  public int size() {
    return size;
  }

  /** Two trails of the same lines have the same bytes: each line has one encoding. */
  @Override
  public boolean equals(Object o) {
    if (o == this) {
      return true;
    }
    if (o instanceof PackedTrail other) {
      return other.size == size && (other.data == data
          || Arrays.equals(data, HEADER, end, other.data, HEADER, other.end));
    }
    return super.equals(o);
  }

  @Override
  public int hashCode() {
    return super.hashCode();
  }

  // ---- writing

  private static int lengthOf(AuditEntry e, boolean opener) {
    int length = FIXED + 1 + TRAILER;
    if (!opener) {
      length = Math.addExact(length, stringLength(e.actor().id()));
    }
    length = Math.addExact(length, stringLength(e.action()));
    length = Math.addExact(length, stringLength(e.from() == null ? null : e.from().name()));
    length = Math.addExact(length, stringLength(e.to() == null ? null : e.to().name()));
    length = Math.addExact(length, stringLength(e.channel() == null ? null : e.channel().name()));
    length = Math.addExact(length, stringLength(e.note()));
    return Math.addExact(length, stringLength(e.commandId()));
  }

  /** Writes a line at {@code at}; returns where it ends. */
  private static int write(byte[] d, int at, AuditEntry e, boolean opener) {
    int start = at;
    at += 4;
    LONG.set(d, at, e.at().getEpochSecond());
    INT.set(d, at + 8, e.at().getNano());
    at += 12;
    if (opener) {
      d[at++] = (byte) OPENER;
    } else {
      d[at++] = (byte) e.actor().type().ordinal();
      at = putString(d, at, e.actor().id());
    }
    at = putString(d, at, e.action());
    at = putString(d, at, e.from() == null ? null : e.from().name());
    at = putString(d, at, e.to() == null ? null : e.to().name());
    at = putString(d, at, e.channel() == null ? null : e.channel().name());
    at = putString(d, at, e.note());
    at = putString(d, at, e.commandId());
    int length = at + TRAILER - start;
    INT.set(d, at, length);
    INT.set(d, start, length);
    return at + TRAILER;
  }

  private static boolean latin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  /**
   * A string's head: 0 for null, 1 + its code if it is a known text, else its length and whether it
   * takes two bytes a character, after the known texts' codes.
   */
  private static long head(@Nullable String s) {
    if (s == null) {
      return 0;
    }
    Integer code = CODES.get(s);
    return code != null ? 1 + code : 1 + KNOWN.length + ((long) s.length() << 1 | (latin1(s) ? 0 : 1));
  }

  /** Whether a head (not of null or a known text) is of a string kept as UTF-16 units. */
  private static boolean twoBytes(long head) {
    return (head - 1 - KNOWN.length & 1) != 0;
  }

  private static int stringLength(@Nullable String s) {
    long head = head(s);
    int chars = head <= KNOWN.length ? 0 : twoBytes(head) ? Math.multiplyExact(2, s.length()) : s.length();
    return Math.addExact(varintLength(head), chars);
  }

  private static int putString(byte[] d, int at, @Nullable String s) {
    long head = head(s);
    at = putVarint(d, at, head);
    if (head <= KNOWN.length) {
      return at;
    }
    if (!twoBytes(head)) {
      for (int i = 0; i < s.length(); i++) {
        d[at++] = (byte) s.charAt(i);
      }
    } else {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        d[at++] = (byte) c;
        d[at++] = (byte) (c >>> 8);
      }
    }
    return at;
  }

  private static int varintLength(long v) {
    int n = 1;
    while ((v >>>= 7) != 0) {
      n++;
    }
    return n;
  }

  private static int putVarint(byte[] d, int at, long v) {
    while ((v & ~0x7FL) != 0) {
      d[at++] = (byte) (v & 0x7F | 0x80);
      v >>>= 7;
    }
    d[at++] = (byte) v;
    return at;
  }

  /** Whether the first line's actor is this one, compared in place. */
  private boolean isFirstActor(Actor actor) {
    int at = HEADER + FIXED;
    int type = data[at] & 0xFF;
    if (type != actor.type().ordinal()) {
      return false;
    }
    Cursor c = new Cursor(data, at + 1);
    long head = c.varint();
    String id = actor.id();
    if (head != head(id)) {
      return false;
    }
    if (head <= KNOWN.length) {
      return true;
    }
    int from = c.at;
    boolean wide = twoBytes(head);
    for (int i = 0; i < id.length(); i++) {
      int ch = wide ? (data[from + 2 * i] & 0xFF) | (data[from + 2 * i + 1] & 0xFF) << 8 : data[from + i] & 0xFF;
      if (ch != id.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  // ---- reading

  private AuditEntry read(int start) {
    Instant at = Instant.ofEpochSecond((long) LONG.get(data, start + 4), (int) INT.get(data, start + 12));
    Cursor c = new Cursor(data, start + FIXED);
    int type = data[c.at++] & 0xFF;
    Actor actor = type == OPENER ? firstActor() : actor(type, c.string());
    String action = c.string();
    CaseState from = state(c.string());
    CaseState to = state(c.string());
    String channelName = c.string();
    String note = c.string();
    String commandId = c.string();
    return new AuditEntry(at, actor, Objects.requireNonNull(action), from, to, channel(channelName), note,
        commandId);
  }

  private Actor firstActor() {
    Cursor c = new Cursor(data, HEADER + FIXED);
    int type = data[c.at++] & 0xFF;
    return actor(type, c.string());
  }

  private static Actor actor(int type, @Nullable String id) {
    ActorType t = ACTOR_TYPES[type];
    if (t == ActorType.SYSTEM && Actor.SYSTEM.id().equals(id)) {
      return Actor.SYSTEM;
    }
    return new Actor(t, Objects.requireNonNull(id));
  }

  private static @Nullable CaseState state(@Nullable String name) {
    if (name == null) {
      return null;
    }
    for (CaseState known : KNOWN_STATES) {
      if (known.name().equals(name)) {
        return known;
      }
    }
    return new CaseState(name);
  }

  private static @Nullable ChannelId channel(@Nullable String name) {
    if (name == null) {
      return null;
    }
    for (ChannelId known : KNOWN_CHANNELS) {
      if (known.name().equals(name)) {
        return known;
      }
    }
    return new ChannelId(name);
  }

  /** A position in the array while a line is read. */
  private static final class Cursor {
    private final byte[] data;
    private int at;

    Cursor(byte[] data, int at) {
      this.data = data;
      this.at = at;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        byte b = data[at++];
        v |= (long) (b & 0x7F) << shift;
        if (b >= 0) {
          return v;
        }
      }
    }

    @Nullable String string() {
      long head = varint();
      if (head == 0) {
        return null;
      }
      if (head <= KNOWN.length) {
        return KNOWN[(int) head - 1];
      }
      int length = (int) (head - 1 - KNOWN.length >>> 1);
      String s;
      if (!twoBytes(head)) {
        s = new String(data, at, length, StandardCharsets.ISO_8859_1);
        at += length;
      } else {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++, at += 2) {
          chars[i] = (char) ((data[at] & 0xFF) | (data[at + 1] & 0xFF) << 8);
        }
        s = new String(chars);
      }
      return s;
    }
  }
}
