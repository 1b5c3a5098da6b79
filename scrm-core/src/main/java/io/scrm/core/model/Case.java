package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * A customer's matter (a question, complaint, feedback, outage report or data-protection request),
 * from the first message to its documented resolution. Immutable and thread-safe; every change
 * produces a new instance with a new version and an appended audit entry.
 *
 * <p>The case remembers the channel and thread it came from: the customer is informed there.
 *
 * @param id the case's id
 * @param contactId the customer
 * @param type what the matter is about
 * @param originChannel the channel the case came from
 * @param originThread the thread on that channel
 * @param state the current state in the case's process
 * @param open whether the case still takes new messages of its thread (false once closed)
 * @param priority the priority
 * @param queue the queue it is routed to, if any
 * @param assignee the agent it is assigned to, if any
 * @param escalationLevel 0 if not escalated, otherwise the escalation level
 * @param interactions the messages of this case, in the order they were added, without duplicates
 * @param tags labels set by routing, monitors or agents
 * @param audit the append-only audit trail, oldest first; its entries read back equal to, not
 *     necessarily the same instances as, those appended
 * @param openedAt when the case was opened
 * @param updatedAt when the case last changed
 * @param version optimistic-locking version; 0 before the first store
 * @since 0.1.0
 */
public record Case(
    CaseId id,
    ContactId contactId,
    CaseType type,
    ChannelId originChannel,
    String originThread,
    CaseState state,
    boolean open,
    Priority priority,
    @Nullable String queue,
    @Nullable String assignee,
    int escalationLevel,
    List<InteractionId> interactions,
    List<String> tags,
    List<AuditEntry> audit,
    Instant openedAt,
    Instant updatedAt,
    long version) {

  /**
   * Validates the case.
   *
   * @throws IllegalArgumentException naming the field that is invalid
   */
  public Case {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(contactId, "contactId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(originChannel, "originChannel");
    Require.text(originThread, "originThread", Interaction.MAX_THREAD_LENGTH);
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(priority, "priority");
    Require.optionalText(queue, "queue");
    Require.optionalText(assignee, "assignee");
    Require.nonNegative(escalationLevel, "escalationLevel");
    Objects.requireNonNull(interactions, "interactions");
    interactions = interactions instanceof ValidInteractions valid ? valid.trimmed()
        : ValidInteractions.of(interactions);
    tags = Objects.requireNonNull(tags, "tags").isEmpty() ? List.of() : List.copyOf(Require.noNulls(tags, "tags"));
    audit = audit instanceof Trail ? audit : Trail.copyOf(Require.noNulls(audit, "audit"));
    Objects.requireNonNull(openedAt, "openedAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    Require.nonNegative(version, "version");
  }

  /**
   * Opens a new case in state {@link CaseState#NEW} for a first message.
   *
   * @param id the new case's id
   * @param contactId the customer
   * @param first the message that opens the case
   * @param type what the matter is about
   * @param priority the priority
   * @param at the engine's time
   * @return the case with version 0 and an {@code OPEN} audit entry
   */
  public static Case open(CaseId id, ContactId contactId, Interaction first, CaseType type, Priority priority, Instant at) {
    return open(id, contactId, first, type, priority, CaseState.NEW, at);
  }

  /**
   * Opens a new case in the initial state of its process for a first message.
   *
   * @param id the new case's id
   * @param contactId the customer
   * @param first the message that opens the case
   * @param type what the matter is about
   * @param priority the priority
   * @param initial the state the case's process starts in
   *     ({@link io.scrm.core.process.ProcessDefinition#initial()})
   * @param at the engine's time
   * @return the case with version 0 and an {@code OPEN} audit entry into {@code initial}
   * @since 0.1.0
   */
  public static Case open(CaseId id, ContactId contactId, Interaction first, CaseType type, Priority priority,
      CaseState initial, Instant at) {
    return open(id, contactId, first, type, priority, initial, at, Actor.customer(contactId));
  }

  /**
   * Opens a new case in the initial state of its process for a first message that someone other
   * than the customer found: a monitor of social listening opening a crisis case names itself.
   *
   * @param id the new case's id
   * @param contactId the customer
   * @param first the message that opens the case
   * @param type what the matter is about
   * @param priority the priority
   * @param initial the state the case's process starts in
   *     ({@link io.scrm.core.process.ProcessDefinition#initial()})
   * @param at the engine's time
   * @param openedBy who opened it, the actor of the {@code OPEN} entry
   * @return the case with version 0 and an {@code OPEN} audit entry into {@code initial}
   * @since 0.1.0
   */
  public static Case open(CaseId id, ContactId contactId, Interaction first, CaseType type, Priority priority,
      CaseState initial, Instant at, Actor openedBy) {
    Objects.requireNonNull(initial, "initial");
    Objects.requireNonNull(openedBy, "openedBy");
    AuditEntry opened = new AuditEntry(at, openedBy, "OPEN", null, initial,
        first.channel(), first.kindAndVisibility(), null);
    return new Case(id, contactId, type, first.channel(), first.threadId(), initial, true, priority,
        null, null, 0, List.of(first.id()), List.of(), List.of(opened), at, at, 0);
  }

  /**
   * Returns this case with one more interaction and an audit entry; this same instance if the
   * interaction is already part of the case.
   *
   * @param interaction the message to add
   * @param entry the audit entry describing it
   * @return the new case (same version: the store sets the next one)
   */
  public Case withInteraction(InteractionId interaction, AuditEntry entry) {
    if (interactions.contains(interaction)) {
      return this;
    }
    List<InteractionId> more = ((ValidInteractions) interactions).plus(Objects.requireNonNull(interaction, "interaction"));
    return new Case(id, contactId, type, originChannel, originThread, state, open, priority, queue, assignee,
        escalationLevel, more, tags, appended(entry), openedAt, entry.at(), version);
  }

  /**
   * Returns this case in a new state with an audit entry.
   *
   * @param newState the state after the change
   * @param stillOpen whether the case still takes new messages
   * @param entry the audit entry describing the change
   * @return the new case (same version: the store sets the next one)
   */
  public Case withState(CaseState newState, boolean stillOpen, AuditEntry entry) {
    return new Case(id, contactId, type, originChannel, originThread, newState, stillOpen, priority, queue,
        assignee, escalationLevel, interactions, tags, appended(entry), openedAt, entry.at(), version);
  }

  /**
   * Returns this case with an audit entry appended and nothing else changed.
   *
   * @param entry the entry
   * @return the new case (same version: the store sets the next one)
   */
  public Case withAudit(AuditEntry entry) {
    return new Case(id, contactId, type, originChannel, originThread, state, open, priority, queue, assignee,
        escalationLevel, interactions, tags, appended(entry), openedAt, entry.at(), version);
  }

  /**
   * Returns this case routed: queue, assignee, priority and type set, with an audit entry.
   *
   * @param newQueue the queue, or null
   * @param newAssignee the agent, or null
   * @param newPriority the priority
   * @param newType the type
   * @param entry the audit entry describing the change
   * @return the new case (same version: the store sets the next one)
   */
  public Case withRouting(@Nullable String newQueue, @Nullable String newAssignee, Priority newPriority,
      CaseType newType, AuditEntry entry) {
    return new Case(id, contactId, newType, originChannel, originThread, state, open, newPriority, newQueue,
        newAssignee, escalationLevel, interactions, tags, appended(entry), openedAt, entry.at(), version);
  }

  /**
   * Returns this case with other tags.
   *
   * @param newTags the tags
   * @return the new case
   */
  public Case withTags(List<String> newTags) {
    return new Case(id, contactId, type, originChannel, originThread, state, open, priority, queue, assignee,
        escalationLevel, interactions, newTags, audit, openedAt, updatedAt, version);
  }

  /**
   * Returns this case with another escalation level and an audit entry.
   *
   * @param level the new level, 0 for not escalated
   * @param newPriority the priority after escalation
   * @param entry the audit entry
   * @return the new case (same version: the store sets the next one)
   */
  public Case withEscalation(int level, Priority newPriority, AuditEntry entry) {
    return new Case(id, contactId, type, originChannel, originThread, state, open, newPriority, queue, assignee,
        level, interactions, tags, appended(entry), openedAt, entry.at(), version);
  }

  /**
   * Returns this case with the given version.
   *
   * @param newVersion the version
   * @return a copy
   */
  public Case withVersion(long newVersion) {
    return new Case(id, contactId, type, originChannel, originThread, state, open, priority, queue, assignee,
        escalationLevel, interactions, tags, audit, openedAt, updatedAt, newVersion);
  }

  /**
   * Returns this case after one step of its process: state, open flag, priority, queue, assignee and
   * escalation level set at once, with an audit entry appended. One allocation for the case and a
   * constant amount for the audit trail, however long the trail is.
   *
   * @param newState the state after the step
   * @param stillOpen whether the case still takes new messages
   * @param newPriority the priority
   * @param newQueue the queue, or null
   * @param newAssignee the agent, or null
   * @param newEscalationLevel the escalation level, 0 for none
   * @param entry the audit entry describing the step
   * @return the new case (same version: the store sets the next one)
   * @since 0.1.0
   */
  public Case next(CaseState newState, boolean stillOpen, Priority newPriority, @Nullable String newQueue,
      @Nullable String newAssignee, int newEscalationLevel, AuditEntry entry) {
    return new Case(id, contactId, type, originChannel, originThread, newState, stillOpen, newPriority, newQueue,
        newAssignee, newEscalationLevel, interactions, tags, appended(entry), openedAt, entry.at(), version);
  }

  private List<AuditEntry> appended(AuditEntry entry) {
    Objects.requireNonNull(entry, "entry");
    return ((Trail) audit).plus(entry);
  }

  /**
   * The interactions, checked for nulls and duplicates once; shared by every later copy of the case.
   *
   * <p>The ids are kept in one byte array: first each id's end and hash, then their values end to
   * end, and {@link #get} builds the id on demand. A value of Latin-1 characters takes a byte per
   * character, any other value two (its UTF-16 units, so that every string reads back as it was).
   * A stored case so keeps two objects for its messages instead of an id, its string and the
   * string's bytes for each; those would be copied by every young collection that runs while the
   * case is active.
   */
  private static final class ValidInteractions extends AbstractList<InteractionId> implements RandomAccess {
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    /** Set in an id's end if its value is kept as UTF-16 units. */
    private static final int TWO_BYTES = 1 << 31;
    private static final ValidInteractions EMPTY = new ValidInteractions(new byte[0], 0, 0);
    /**
     * For id {@code i}: where its value ends (counted from {@link #text}, with {@link #TWO_BYTES}) at
     * byte {@code 8i}, its hash at {@code 8i + 4}; the values from {@link #text}. A prefix of a longer
     * list shares that list's array.
     */
    private final byte[] data;
    /** Where the values start in {@link #data}: eight bytes for each id the array was made for. */
    private final int text;
    private final int size;

    private ValidInteractions(byte[] data, int text, int size) {
      this.data = data;
      this.text = text;
      this.size = size;
    }

    static ValidInteractions of(List<InteractionId> values) {
      InteractionId[] items = values.toArray(new InteractionId[0]);
      for (InteractionId i : items) {
        if (i == null) {
          throw new IllegalArgumentException("interactions must not contain null");
        }
      }
      if (Require.hasDuplicates(Arrays.asList(items))) {
        throw new IllegalArgumentException("interactions must not contain duplicates");
      }
      if (items.length == 0) {
        return EMPTY;
      }
      int text = Math.multiplyExact(8, items.length);
      int length = text;
      for (InteractionId i : items) {
        length = Math.addExact(length, bytesOf(i.value()));
      }
      byte[] data = new byte[length];
      for (int i = 0, end = 0; i < items.length; i++) {
        end = append(data, text, i, end, items[i].value());
      }
      return new ValidInteractions(data, text, items.length);
    }

    /** This list and one more id that is not in it yet (checked by the caller). */
    ValidInteractions plus(InteractionId next) {
      String value = next.value();
      int chars = end(size);
      int text = Math.multiplyExact(8, size + 1);
      byte[] more = new byte[Math.addExact(Math.addExact(text, chars), bytesOf(value))];
      System.arraycopy(data, 0, more, 0, 8 * size);
      System.arraycopy(data, this.text, more, text, chars);
      append(more, text, size, chars, value);
      return new ValidInteractions(more, text, size + 1);
    }

    private static boolean latin1(String value) {
      for (int i = 0; i < value.length(); i++) {
        if (value.charAt(i) > 0xFF) {
          return false;
        }
      }
      return true;
    }

    private static int bytesOf(String value) {
      return latin1(value) ? value.length() : 2 * value.length();
    }

    /** Writes id {@code i}'s value after the values that end at {@code from}; returns where it ends. */
    private static int append(byte[] data, int text, int i, int from, String value) {
      int end;
      if (latin1(value)) {
        for (int k = 0; k < value.length(); k++) {
          data[text + from + k] = (byte) value.charAt(k);
        }
        end = from + value.length();
        INT.set(data, 8 * i, end);
      } else {
        for (int k = 0, at = text + from; k < value.length(); k++, at += 2) {
          char c = value.charAt(k);
          data[at] = (byte) c;
          data[at + 1] = (byte) (c >>> 8);
        }
        end = from + 2 * value.length();
        INT.set(data, 8 * i, end | TWO_BYTES);
      }
      INT.set(data, 8 * i + 4, value.hashCode());
      return end;
    }

    /** This list, or a copy of it that holds no more than its own ids if it is a prefix of a longer one. */
    ValidInteractions trimmed() {
      int bytes = end(size);
      if (text == 8 * size && data.length == text + bytes) {
        return this;
      }
      if (size == 0) {
        return EMPTY;
      }
      int fresh = 8 * size;
      byte[] own = new byte[fresh + bytes];
      System.arraycopy(data, 0, own, 0, fresh);
      System.arraycopy(data, text, own, fresh, bytes);
      return new ValidInteractions(own, fresh, size);
    }

    /** Where the first {@code count} ids end, counted from {@link #text}. */
    private int end(int count) {
      return count == 0 ? 0 : (int) INT.get(data, 8 * count - 8) & ~TWO_BYTES;
    }

    private boolean twoBytes(int index) {
      return ((int) INT.get(data, 8 * index) & TWO_BYTES) != 0;
    }

    @Override
    public InteractionId get(int index) {
      Objects.checkIndex(index, size);
      int start = text + end(index);
      int length = text + end(index + 1) - start;
      if (!twoBytes(index)) {
        return new InteractionId(new String(data, start, length, StandardCharsets.ISO_8859_1));
      }
      char[] chars = new char[length / 2];
      for (int k = 0; k < chars.length; k++) {
        chars[k] = (char) ((data[start + 2 * k] & 0xFF) | (data[start + 2 * k + 1] & 0xFF) << 8);
      }
      return new InteractionId(new String(chars));
    }

    /** Whether id {@code index} has this value; compares in place, building no string. */
    private boolean holds(int index, String value) {
      int start = text + end(index);
      int length = text + end(index + 1) - start;
      if (!twoBytes(index)) {
        if (length != value.length()) {
          return false;
        }
        for (int k = 0; k < length; k++) {
          if ((data[start + k] & 0xFF) != value.charAt(k)) {
            return false;
          }
        }
        return true;
      }
      if (length != 2 * value.length()) {
        return false;
      }
      for (int k = 0; k < value.length(); k++) {
        if (((data[start + 2 * k] & 0xFF) | (data[start + 2 * k + 1] & 0xFF) << 8) != value.charAt(k)) {
          return false;
        }
      }
      return true;
    }

    /** Compares hashes first, so that a miss rarely reads an id's value. */
    @Override
    public int indexOf(Object o) {
      if (!(o instanceof InteractionId wanted)) {
        return -1;
      }
      String value = wanted.value();
      int hash = value.hashCode();
      for (int i = 0; i < size; i++) {
        if ((int) INT.get(data, 8 * i + 4) == hash && holds(i, value)) {
          return i;
        }
      }
      return -1;
    }

    @Override
    public boolean contains(Object o) {
      return indexOf(o) >= 0;
    }

    /** A prefix shares this list's array, so that comparing it with a shorter list builds no ids. */
    @Override
    public List<InteractionId> subList(int fromIndex, int toIndex) {
      if (fromIndex == 0 && toIndex >= 0 && toIndex <= size) {
        return new ValidInteractions(data, text, toIndex);
      }
      return super.subList(fromIndex, toIndex);
    }

    @Override
    public boolean equals(Object o) {
      if (o instanceof ValidInteractions other) {
        int bytes = end(size);
        return size == other.size && bytes == other.end(other.size)
            && Arrays.equals(data, 0, 8 * size, other.data, 0, 8 * size)
            && Arrays.equals(data, text, text + bytes, other.data, other.text, other.text + bytes);
      }
      return super.equals(o);
    }

    @Override
    public int hashCode() {
      return super.hashCode();
    }

    @Override
    public int size() {
      return size;
    }
  }

  /**
   * The audit trail: an immutable list that appends in constant time by sharing its columns with the
   * trail it grew from. A slot is claimed once (compare-and-set on the number of used slots, kept in
   * the first element of the times), so two copies that both append to the same trail never
   * overwrite each other: the second one copies.
   *
   * <p>The entries are kept in columns, not as records: each entry's time as two longs and its other
   * fields as seven references, and {@link #get} builds the record on demand. A customer's actor is
   * kept as its id's string, and the lines of the customer who opened the case all keep the first
   * line's string. A stored case so keeps three objects for its trail, plus a string for each line of
   * another customer, instead of an entry, an instant and an actor per line; each of those would be
   * copied by the young collections that run while the case is active.
   */
  private static final class Trail extends AbstractList<AuditEntry> implements RandomAccess {
    private static final VarHandle CLAIMED = MethodHandles.arrayElementVarHandle(long[].class);
    /** Reference fields per entry: actor, action, from, to, channel, note, command id. */
    private static final int REFS = 7;
    private static final Trail EMPTY = new Trail(new long[1], new Object[0], 0);
    /**
     * The number of slots claimed at {@code 0}; entry {@code i}'s epoch second and nanosecond at
     * {@code 2i + 1} and {@code 2i + 2}.
     */
    private final long[] times;
    private final @Nullable Object[] refs;
    private final int size;

    private Trail(long[] times, @Nullable Object[] refs, int size) {
      this.times = times;
      this.refs = refs;
      this.size = size;
    }

    static Trail copyOf(List<AuditEntry> entries) {
      if (entries.isEmpty()) {
        return EMPTY;
      }
      int capacity = Math.max(8, entries.size() + entries.size() / 2);
      long[] times = new long[1 + 2 * capacity];
      Object[] refs = new Object[REFS * capacity];
      times[0] = entries.size();
      for (int i = 0; i < entries.size(); i++) {
        write(times, refs, i, entries.get(i));
      }
      // filled before the trail is made, so that its final fields publish the entries with it
      return new Trail(times, refs, entries.size());
    }

    Trail plus(AuditEntry entry) {
      if (size < refs.length / REFS && CLAIMED.compareAndSet(times, 0, (long) size, (long) size + 1)) {
        write(times, refs, size, entry);
        return new Trail(times, refs, size + 1);
      }
      int capacity = Math.max(8, size * 2);
      long[] moreTimes = Arrays.copyOf(times, 1 + 2 * capacity);
      Object[] moreRefs = Arrays.copyOf(refs, REFS * capacity);
      moreTimes[0] = size + 1;
      write(moreTimes, moreRefs, size, entry);
      return new Trail(moreTimes, moreRefs, size + 1);
    }

    /** Fills slot {@code i} of the columns, which the caller has claimed. */
    private static void write(long[] times, @Nullable Object[] refs, int i, AuditEntry e) {
      times[2 * i + 1] = e.at().getEpochSecond();
      times[2 * i + 2] = e.at().getNano();
      int r = REFS * i;
      refs[r] = e.actor().type() == ActorType.CUSTOMER ? openersId(refs, e.actor().id()) : e.actor();
      refs[r + 1] = e.action();
      refs[r + 2] = e.from();
      refs[r + 3] = e.to();
      refs[r + 4] = e.channel();
      refs[r + 5] = e.note();
      refs[r + 6] = e.commandId();
    }

    /** The first line's customer id if it is this one, so that the opener's lines share one string. */
    private static String openersId(@Nullable Object[] refs, String id) {
      return refs[0] instanceof String first && first.equals(id) ? first : id;
    }

    @Override
    public AuditEntry get(int index) {
      Objects.checkIndex(index, size);
      int r = REFS * index;
      Actor actor = refs[r] instanceof String customer ? new Actor(ActorType.CUSTOMER, customer) : (Actor) refs[r];
      return new AuditEntry(Instant.ofEpochSecond(times[2 * index + 1], times[2 * index + 2]), actor,
          (String) refs[r + 1], (CaseState) refs[r + 2], (CaseState) refs[r + 3], (ChannelId) refs[r + 4],
          (String) refs[r + 5], (String) refs[r + 6]);
    }

    @Override
    public int size() {
      return size;
    }

    /** A trail that grew by one entry differs at once, without comparing the entries it shares. */
    @Override
    public boolean equals(Object o) {
      if (o == this) {
        return true;
      }
      if (o instanceof Trail other && (other.size != size || other.times == times)) {
        return other.size == size;
      }
      return super.equals(o);
    }

    @Override
    public int hashCode() {
      return super.hashCode();
    }
  }
}
