package io.scrm.core;

import io.scrm.core.model.CaseId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.LeadId;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What {@link SocialCrm#ingest} did with a delivery. Immutable and thread-safe.
 *
 * @param interaction the interaction's id
 * @param outcome whether it was new, a duplicate or an edit
 * @param contact the author's contact
 * @param caseId the case it belongs to, if any
 * @param leadId the lead it belongs to, if any
 * @since 0.1.0
 */
public record IngestResult(
    InteractionId interaction, Outcome outcome, ContactId contact, @Nullable CaseId caseId, @Nullable LeadId leadId) {

  /**
   * What happened to a delivery.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** A new interaction was stored. */
    CREATED,
    /** The interaction was already known; nothing was created. */
    DUPLICATE,
    /** A known interaction was edited; its earlier text was kept as a revision. */
    EDITED
  }

  /** Validates the result. */
  public IngestResult {
    Objects.requireNonNull(interaction, "interaction");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(contact, "contact");
  }

  IngestResult as(Outcome other) {
    return other == outcome ? this : new IngestResult(interaction, other, contact, caseId, leadId);
  }
}
