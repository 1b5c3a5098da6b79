package io.scrm.core.routing;

import io.scrm.core.model.LeadId;

/**
 * No lead with the given id exists. Immutable.
 *
 * @since 0.1.0
 */
public final class LeadNotFoundException extends RoutingException {
  private static final long serialVersionUID = 1L;

  private final LeadId leadId;

  /**
   * Creates the exception.
   *
   * @param leadId the id that was not found
   */
  public LeadNotFoundException(LeadId leadId) {
    super("lead " + leadId + " not found");
    this.leadId = leadId;
  }

  /**
   * Returns the id that was not found.
   *
   * @return the lead id
   */
  public LeadId leadId() {
    return leadId;
  }
}
