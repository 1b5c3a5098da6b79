package io.scrm.core.internal;

import io.scrm.core.model.Attachment;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.store.StorableText;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Argument checks shared by the domain types. Every failure names the field.
 *
 * <p>Not API: this package is not exported.
 */
public final class Require {
  private Require() {}

  /**
   * Checks what an outbound message carries before it is queued: text, or files of the kinds
   * channels send, at most {@value OutboundMessage#MAX_ATTACHMENTS}.
   *
   * @param text the text; may be blank if there are files
   * @param attachments the files
   * @throws IllegalArgumentException naming what is wrong
   */
  public static void sendable(String text, List<Attachment> attachments) {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(attachments, "attachments");
    if (text.isBlank() && attachments.isEmpty()) {
      throw new IllegalArgumentException("text must not be blank");
    }
    if (attachments.size() > OutboundMessage.MAX_ATTACHMENTS) {
      throw new IllegalArgumentException("attachments must be at most " + OutboundMessage.MAX_ATTACHMENTS
          + ", were " + attachments.size());
    }
    for (Attachment a : attachments) {
      if (a != null && !Attachment.SENDABLE_TYPES.contains(a.type())) {
        throw new IllegalArgumentException("attachment type must be one of "
            + new TreeSet<>(Attachment.SENDABLE_TYPES) + ", was " + a.type());
      }
    }
  }

  /**
   * The string as every store keeps it ({@link StorableText#storable}), or null. Where a message
   * enters the model (its builder, an id, a handle) U+0000 and lone surrogates become U+FFFD, so a
   * message carrying one is stored as it was heard, in every store, and a redelivery of it equals
   * what was stored.
   *
   * @param value the string, or null
   * @return the string without U+0000 and lone surrogates, or null
   */
  public static @Nullable String storable(@Nullable String value) {
    return value == null ? null : StorableText.storable(value);
  }

  /** Non-null and not blank. */
  public static String text(@Nullable String value, String field) {
    Objects.requireNonNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank");
    }
    return value;
  }

  /** Null stays null; otherwise not blank. */
  public static @Nullable String optionalText(@Nullable String value, String field) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(field + " must be null or not blank");
    }
    return value;
  }

  /** Null stays null; otherwise not blank and at most {@code max} characters. */
  public static @Nullable String optionalText(@Nullable String value, String field, int max) {
    return optionalText(value, field) == null ? null : atMost(value, field, max);
  }

  /** Non-null, not blank, at most {@code max} characters. */
  public static String text(@Nullable String value, String field, int max) {
    return atMost(text(value, field), field, max);
  }

  private static String atMost(String value, String field, int max) {
    if (value.length() > max) {
      throw new IllegalArgumentException(field + " must be at most " + max + " characters, was " + value.length());
    }
    return value;
  }

  /** Greater than or equal to zero. */
  public static long nonNegative(long value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Greater than or equal to zero. */
  public static int nonNegative(int value, String field) {
    if (value < 0) {
      throw new IllegalArgumentException(field + " must be >= 0, was " + value);
    }
    return value;
  }

  /** Non-null collection without null elements. */
  public static <T extends Collection<?>> T noNulls(@Nullable T values, String field) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      return values;
    }
    for (Object v : values) {
      if (v == null) {
        throw new IllegalArgumentException(field + " must not contain null");
      }
    }
    return values;
  }

  /**
   * Whether a list without nulls holds an element twice. A short list (up to 16 elements, as a
   * contact's identities or a case's messages mostly are) is compared pairwise, which allocates
   * nothing; a longer one goes through a hash set.
   */
  public static boolean hasDuplicates(List<?> values) {
    int size = values.size();
    if (size <= 16) {
      for (int i = 1; i < size; i++) {
        Object v = values.get(i);
        int hash = v.hashCode();
        for (int j = 0; j < i; j++) {
          Object w = values.get(j);
          if (w.hashCode() == hash && w.equals(v)) {
            return true;
          }
        }
      }
      return false;
    }
    Set<Object> distinct = new HashSet<>(size * 2);
    for (Object v : values) {
      if (!distinct.add(v)) {
        return true;
      }
    }
    return false;
  }

  /** Non-null map without null keys or values. */
  public static <T extends Map<?, ?>> T noNulls(@Nullable T values, String field) {
    Objects.requireNonNull(values, field);
    if (values.isEmpty()) {
      return values;
    }
    for (Map.Entry<?, ?> e : values.entrySet()) {
      if (e.getKey() == null || e.getValue() == null) {
        throw new IllegalArgumentException(field + " must not contain null keys or values");
      }
    }
    return values;
  }
}
