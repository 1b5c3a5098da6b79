package io.scrm.consent;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The audit entry of one consent gate decision. Immutable and thread-safe. Carries ids and the
 * gate's reason only, never personal data.
 *
 * @param auditId the entry's id, returned in the decision
 * @param at the time the decision was asked for
 * @param subject the data subject (a pseudonym after erasure)
 * @param purpose the purpose id as asked
 * @param channel the channel
 * @param action the action
 * @param actor who asked (a pseudonym after erasure if it was the subject)
 * @param allowed the answer
 * @param reason the gate's reason
 * @param evidenceId the ledger entry the decision rests on, if any
 * @since 0.1.0
 */
public record DecisionRecord(
    String auditId,
    Instant at,
    ContactId subject,
    String purpose,
    ChannelId channel,
    ConsentAction action,
    Actor actor,
    boolean allowed,
    String reason,
    @Nullable String evidenceId) {

  /**
   * Validates the entry.
   *
   * @throws NullPointerException if a required component is missing
   * @throws IllegalArgumentException if a text holds the character U+0000, naming it
   */
  public DecisionRecord {
    Checks.storable(Objects.requireNonNull(auditId, "auditId"), "auditId");
    Objects.requireNonNull(at, "at");
    Checks.storable(Objects.requireNonNull(subject, "subject").value(), "subject");
    Checks.storable(Objects.requireNonNull(purpose, "purpose"), "purpose");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(action, "action");
    Checks.storable(Objects.requireNonNull(actor, "actor").id(), "actor");
    Checks.storable(Objects.requireNonNull(reason, "reason"), "reason");
    if (evidenceId != null) {
      Checks.storable(evidenceId, "evidenceId");
    }
  }
}
