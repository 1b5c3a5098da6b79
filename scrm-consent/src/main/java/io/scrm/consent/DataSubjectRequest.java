package io.scrm.consent;

import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A data-subject request and its deadline (one month after receipt, GDPR Art. 12(3)). Immutable and
 * thread-safe.
 *
 * @param id the request's id
 * @param subject the data subject (a pseudonym after erasure)
 * @param type what is asked
 * @param receivedAt when it came in
 * @param dueAt when it must be answered
 * @param completedAt when it was answered, if it was
 * @since 0.1.0
 */
public record DataSubjectRequest(String id, ContactId subject, RequestType type, Instant receivedAt, Instant dueAt,
    @Nullable Instant completedAt) {

  /**
   * Validates the request.
   *
   * @throws IllegalArgumentException if the due date is before receipt
   */
  public DataSubjectRequest {
    Checks.text(id, "id", 100);
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(receivedAt, "receivedAt");
    Objects.requireNonNull(dueAt, "dueAt");
    if (dueAt.isBefore(receivedAt)) {
      throw new IllegalArgumentException("dueAt must not be before receivedAt");
    }
  }

  /**
   * Returns whether the request is overdue at a time.
   *
   * @param now the time
   * @return true if not completed and past its due date
   */
  public boolean overdueAt(Instant now) {
    return completedAt == null && now.isAfter(dueAt);
  }
}
