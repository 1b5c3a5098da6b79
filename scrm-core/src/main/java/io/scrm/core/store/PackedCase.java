package io.scrm.core.store;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import io.scrm.core.store.PackedBytes.In;
import io.scrm.core.store.PackedBytes.Out;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One stored case as one byte array: the in-memory case store keeps these instead of records, so
 * that a case with its audit trail is one object on the heap rather than a record, two lists and an
 * entry with an instant and an actor per step. The id is the table's key and is not repeated.
 *
 * <p>Layout: version (varint); type, priority and flags (one byte each: 1 open, 2 queue, 4 assignee,
 * 8 tags); escalation level (varint); state; origin channel; contact id (as in {@link PackedGroup});
 * origin thread, [queue], [assignee] as shared strings; opened-at (zig-zag epoch second and nano); the tags; the interaction
 * ids, each as the length of the prefix it shares with the one before and the rest; the audit trail,
 * each entry as its time relative to the time before, a byte of actor type and flags (4 from, 8 to,
 * 16 channel, 32 note, 64 command id), actor id and action as shared strings, then what the flags
 * name; last, updated-at relative to the last entry's time.
 *
 * <p>A shared string is a varint: 0 and the string; 1 to n for one of n {@link #COMMON} strings; or
 * n + k for the k-th string written in full before it in the same case (the first {@value #SHARED} are
 * remembered; the contact id counts as the first). A case's customer, its other actors, actions and notes repeat from entry to entry, so most
 * of them take one byte. A state is one
 * byte for the process's built-in states, else 0 and its name as a shared string.
 */
final class PackedCase {
  private static final int SHARED = 32;
  /**
   * Strings that most audit trails hold (the engine's actions, its system actors, the notes of
   * kind and visibility): referred to by number in every case, and decoded without a copy.
   */
  private static final List<String> COMMON = common();
  private static final Map<String, Integer> COMMON_CODES = codes(COMMON);
  private static final CaseType[] TYPES = CaseType.values();
  private static final Priority[] PRIORITIES = Priority.values();
  private static final ActorType[] ACTOR_TYPES = ActorType.values();
  /** Built-in states and their one-byte codes (index + 1); code 0 means the name follows. */
  private static final List<CaseState> STATES = List.of(CaseState.NEW, CaseState.TRIAGED, CaseState.IN_PROGRESS,
      CaseState.WAITING_ON_CUSTOMER, CaseState.RESOLVED, CaseState.CLOSED, CaseState.REOPENED);

  static {
    // the actor type shares its byte with five flags
    if (ACTOR_TYPES.length > 4) {
      throw new ExceptionInInitializerError("more than four actor types");
    }
  }

  private PackedCase() {}

  private static List<String> common() {
    List<String> common = new ArrayList<>(List.of("OPEN", "MESSAGE", "ROUTE", "REPLY_QUEUED", "REPLY_SENT", "router",
        "outbox", "sla", "listening", Actor.SYSTEM.id()));
    for (InteractionKind kind : InteractionKind.values()) {
      for (Visibility visibility : Visibility.values()) {
        common.add(kind.name() + " " + visibility.name());
      }
    }
    return List.copyOf(common);
  }

  private static Map<String, Integer> codes(List<String> strings) {
    Map<String, Integer> codes = new HashMap<>();
    for (int k = 0; k < strings.size(); k++) {
      codes.put(strings.get(k), k + 1);
    }
    return Map.copyOf(codes);
  }

  static byte[] encode(Case c) {
    Writer w = new Writer(64 + c.originThread().length() + 24 * c.interactions().size() + 12 * c.audit().size());
    Out out = w.out;
    out.varint(c.version());
    out.u8(c.type().ordinal());
    out.u8(c.priority().ordinal());
    out.u8((c.open() ? 1 : 0) | (c.queue() != null ? 2 : 0) | (c.assignee() != null ? 4 : 0)
        | (c.tags().isEmpty() ? 0 : 8));
    out.varint(c.escalationLevel());
    w.state(c.state());
    out.channel(c.originChannel());
    PackedGroup.contactId(out, c.contactId());
    w.remember(c.contactId().value());
    w.shared(c.originThread());
    w.optional(c.queue());
    w.optional(c.assignee());
    Instant opened = c.openedAt();
    out.zigzag(opened.getEpochSecond());
    out.varint(opened.getNano());
    if (!c.tags().isEmpty()) {
      out.varint(c.tags().size());
      for (String tag : c.tags()) {
        w.shared(tag);
      }
    }
    out.varint(c.interactions().size());
    String previous = "";
    for (InteractionId id : c.interactions()) {
      String value = id.value();
      int common = commonPrefix(previous, value);
      out.varint(common);
      out.string(value.substring(common));
      previous = value;
    }
    out.varint(c.audit().size());
    out.base = opened;
    for (AuditEntry e : c.audit()) {
      out.instant(e.at());
      out.base = e.at();
      out.u8(e.actor().type().ordinal() | (e.from() != null ? 4 : 0) | (e.to() != null ? 8 : 0)
          | (e.channel() != null ? 16 : 0) | (e.note() != null ? 32 : 0) | (e.commandId() != null ? 64 : 0));
      w.shared(e.actor().id());
      w.shared(e.action());
      if (e.from() != null) {
        w.state(e.from());
      }
      if (e.to() != null) {
        w.state(e.to());
      }
      if (e.channel() != null) {
        out.channel(e.channel());
      }
      w.optional(e.note());
      w.optional(e.commandId());
    }
    out.instant(c.updatedAt());
    return out.toArray();
  }

  /** The stored version, without decoding the rest. */
  static long version(byte[] packed) {
    return new In(packed).varint();
  }

  static Case decode(CaseId id, byte[] packed) {
    Reader r = new Reader(packed);
    In in = r.in;
    long version = in.varint();
    CaseType type = TYPES[in.u8()];
    Priority priority = PRIORITIES[in.u8()];
    int flags = in.u8();
    int escalation = in.varint32();
    CaseState state = r.state();
    ChannelId origin = in.channel();
    ContactId contact = PackedGroup.readContactId(in);
    r.remember(contact.value());
    String thread = r.shared();
    String queue = (flags & 2) != 0 ? r.shared() : null;
    String assignee = (flags & 4) != 0 ? r.shared() : null;
    in.readBase();
    Instant opened = in.base;
    List<String> tags = List.of();
    if ((flags & 8) != 0) {
      String[] read = new String[in.varint32()];
      for (int k = 0; k < read.length; k++) {
        read[k] = r.shared();
      }
      tags = Arrays.asList(read);
    }
    InteractionId[] interactions = new InteractionId[in.varint32()];
    String previous = "";
    for (int k = 0; k < interactions.length; k++) {
      int common = in.varint32();
      String value = common == 0 ? in.string() : previous.substring(0, common).concat(in.string());
      interactions[k] = new InteractionId(value);
      previous = value;
    }
    AuditEntry[] audit = new AuditEntry[in.varint32()];
    Actor actor = null;
    for (int k = 0; k < audit.length; k++) {
      Instant at = in.instant();
      in.base = at;
      int head = in.u8();
      ActorType actorType = ACTOR_TYPES[head & 3];
      String actorId = r.shared();
      if (actor == null || actor.type() != actorType || !actor.id().equals(actorId)) {
        actor = new Actor(actorType, actorId);
      }
      String action = r.shared();
      CaseState from = (head & 4) != 0 ? r.state() : null;
      CaseState to = (head & 8) != 0 ? r.state() : null;
      ChannelId channel = (head & 16) != 0 ? in.channel() : null;
      String note = (head & 32) != 0 ? r.shared() : null;
      String commandId = (head & 64) != 0 ? r.shared() : null;
      audit[k] = new AuditEntry(at, actor, action, from, to, channel, note, commandId);
    }
    Instant updated = in.instant();
    return new Case(id, contact, type, origin, thread, state, (flags & 1) != 0, priority, queue,
        assignee, escalation, Arrays.asList(interactions), tags, Arrays.asList(audit), opened, updated, version);
  }

  private static int commonPrefix(String a, String b) {
    int n = Math.min(a.length(), b.length());
    int i = 0;
    while (i < n && a.charAt(i) == b.charAt(i)) {
      i++;
    }
    return i;
  }

  /** The encoding side: the buffer and the strings written so far that later ones may refer to. */
  private static final class Writer {
    final Out out;
    private final String[] seen = new String[SHARED];
    private int count;

    Writer(int capacity) {
      out = new Out(capacity);
    }

    void shared(String s) {
      Integer common = COMMON_CODES.get(s);
      if (common != null) {
        out.varint(common);
        return;
      }
      for (int k = 0; k < count; k++) {
        if (seen[k].equals(s)) {
          out.varint(COMMON.size() + k + 1);
          return;
        }
      }
      out.varint(0);
      out.string(s);
      if (count < SHARED) {
        seen[count++] = s;
      }
    }

    /** Makes a string written in another form (the contact id) one that later ones may refer to. */
    void remember(String s) {
      seen[count++] = s;
    }

    void optional(@Nullable String s) {
      if (s != null) {
        shared(s);
      }
    }

    void state(CaseState state) {
      int code = STATES.indexOf(state);
      out.u8(code + 1);
      if (code < 0) {
        shared(state.name());
      }
    }
  }

  /** The decoding side, mirroring {@link Writer}. */
  private static final class Reader {
    final In in;
    private final String[] seen = new String[SHARED];
    private int count;

    Reader(byte[] packed) {
      in = new In(packed);
    }

    String shared() {
      int ref = in.varint32();
      if (ref > COMMON.size()) {
        return seen[ref - COMMON.size() - 1];
      }
      if (ref > 0) {
        return COMMON.get(ref - 1);
      }
      String s = in.string();
      if (count < SHARED) {
        seen[count++] = s;
      }
      return s;
    }

    void remember(String s) {
      seen[count++] = s;
    }

    CaseState state() {
      int code = in.u8();
      return code > 0 ? STATES.get(code - 1) : CaseState.of(shared());
    }
  }
}
