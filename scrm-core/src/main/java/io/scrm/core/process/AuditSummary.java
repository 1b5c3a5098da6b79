package io.scrm.core.process;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a case's audit trail says, in the words of the social CRM process: where was it found, who
 * found it, who handled it, when was it answered, and was there anything special. Immutable.
 *
 * @param foundOn the channel the case came from
 * @param foundBy who opened it (the customer, or a monitor)
 * @param handledBy the agents who acted on it, in order of their first action
 * @param firstAnsweredAt when the first answer was sent on a channel, if it was
 * @param resolvedAt when it was last resolved, if it was
 * @param special notes, escalations and reopenings, oldest first
 * @since 0.1.0
 */
public record AuditSummary(ChannelId foundOn, Actor foundBy, List<Actor> handledBy, @Nullable Instant firstAnsweredAt,
    @Nullable Instant resolvedAt, List<AuditEntry> special) {

  /** Copies the lists. */
  public AuditSummary {
    Objects.requireNonNull(foundOn, "foundOn");
    Objects.requireNonNull(foundBy, "foundBy");
    handledBy = List.copyOf(handledBy);
    special = List.copyOf(special);
  }

  /**
   * Reads the summary from a case's audit trail.
   *
   * @param c the case
   * @return the summary
   */
  public static AuditSummary of(Case c) {
    Objects.requireNonNull(c, "case");
    Actor foundBy = c.audit().isEmpty() ? Actor.SYSTEM : c.audit().get(0).actor();
    Set<Actor> handled = new LinkedHashSet<>();
    Instant answered = null;
    Instant resolved = null;
    List<AuditEntry> special = new ArrayList<>();
    for (AuditEntry e : c.audit()) {
      if (e.actor().type() == ActorType.AGENT) {
        handled.add(e.actor());
      }
      if (answered == null && "REPLY_SENT".equals(e.action())) {
        answered = e.at();
      }
      // entering the state, not a note or an assignment made while the case stays in it
      if (entered(e, CaseState.RESOLVED)) {
        resolved = e.at();
      }
      if (e.action().equals(CommandKind.NOTE.name()) || e.action().equals(CommandKind.ESCALATE.name())
          || entered(e, CaseState.REOPENED)) {
        special.add(e);
      }
    }
    return new AuditSummary(c.originChannel(), foundBy, new ArrayList<>(handled), answered, resolved, special);
  }

  private static boolean entered(AuditEntry e, CaseState state) {
    return state.equals(e.to()) && !state.equals(e.from());
  }
}
