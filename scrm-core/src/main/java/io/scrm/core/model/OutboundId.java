package io.scrm.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.scrm.core.internal.Require;
import io.scrm.core.store.StorableText;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Typed identifier of a outbound message in the outbox. Immutable and thread-safe.
 *
 * <p>Serialized to JSON as its plain string value.
 *
 * @param value the identifier, not blank, at most 200 characters
 * @since 0.1.0
 */
public record OutboundId(@JsonValue String value) implements Comparable<OutboundId> {
  /** The last stamp {@link #next} used: milliseconds shifted by 12 bits, plus a counter. */
  private static final AtomicLong LAST_STAMP = new AtomicLong();

  /**
   * Validates the value.
   *
   * @throws IllegalArgumentException if the value is blank or too long
   */
  @JsonCreator
  public OutboundId {
    Require.text(value, "value", 200);
  }

  /**
   * Returns the id with the given value.
   *
   * @param value the identifier
   * @return the id
   */
  public static OutboundId of(String value) {
    return new OutboundId(value);
  }

  /**
   * Returns a new random (UUID based) id.
   *
   * @return a new id
   */
  public static OutboundId random() {
    return new OutboundId(UUID.randomUUID().toString());
  }

  /**
   * Returns a new id that sorts after every id this method returned before in this JVM: a
   * time-ordered UUID (RFC 9562 version 7: milliseconds since the epoch, a counter for ids of one
   * millisecond, random bits). The outbox orders a conversation's messages by creation time, then
   * id, so messages the engine writes at one instant of its clock (a test clock, a clock that ticks
   * in milliseconds) still go out in the order they were written.
   *
   * @return a new id
   * @since 0.1.0
   */
  public static OutboundId next() {
    long now = System.currentTimeMillis();
    // 48 bits of milliseconds and a 12-bit counter, one more than the last: never the same, never less
    long stamp = LAST_STAMP.updateAndGet(last -> Math.max(last + 1, now << 12));
    long mostSignificant = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFFL);
    long leastSignificant = ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
    return new OutboundId(new UUID(mostSignificant, leastSignificant).toString());
  }

  /**
   * Compares by code point ({@link StorableText#compareByCodePoint}), the order every store sorts
   * messages of one creation time in.
   *
   * @param other another id
   * @return negative, zero or positive
   */
  @Override
  public int compareTo(OutboundId other) {
    return StorableText.compareByCodePoint(value, other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
