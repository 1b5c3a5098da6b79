package io.scrm.core.routing;

import io.scrm.core.model.LeadId;
import io.scrm.core.model.LeadStage;

/**
 * A lead cannot move to the stage asked for: it has ended (won or lost), or the stage lies before
 * its own. A lead moves forward through the funnel only, or to {@link LeadStage#LOST}. Immutable.
 *
 * @since 0.1.0
 */
public final class IllegalLeadMoveException extends RoutingException {
  private static final long serialVersionUID = 1L;

  private final LeadId leadId;
  private final LeadStage from;
  private final LeadStage to;

  /**
   * Creates the exception.
   *
   * @param leadId the lead
   * @param from the stage it is in
   * @param to the stage it was to move to
   */
  public IllegalLeadMoveException(LeadId leadId, LeadStage from, LeadStage to) {
    super("lead " + leadId + " in stage " + from + " cannot move to " + to
        + (from.ended() ? ": it has ended" : ": a lead only moves forward"));
    this.leadId = leadId;
    this.from = from;
    this.to = to;
  }

  /**
   * Returns the lead.
   *
   * @return the lead's id
   */
  public LeadId leadId() {
    return leadId;
  }

  /**
   * Returns the stage the lead is in.
   *
   * @return the stage
   */
  public LeadStage from() {
    return from;
  }

  /**
   * Returns the stage the lead was to move to.
   *
   * @return the stage
   */
  public LeadStage to() {
    return to;
  }
}
