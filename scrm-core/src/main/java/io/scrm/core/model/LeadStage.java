package io.scrm.core.model;

/**
 * Where a lead stands in the funnel. Ordered: a lead only moves forward, except to {@link #LOST}.
 *
 * @since 0.1.0
 */
public enum LeadStage {
  /** Just captured. */
  NEW,
  /** Scored high enough for marketing follow-up. */
  MARKETING_QUALIFIED,
  /** Scored high enough for sales. */
  SALES_QUALIFIED,
  /** Accepted by sales. */
  HANDED_TO_SALES,
  /** Became a customer. */
  WON,
  /** Closed without a sale. */
  LOST;

  /**
   * Returns whether a lead in this stage has ended: won or lost. It takes no more messages and
   * moves no further.
   *
   * @return true for {@link #WON} and {@link #LOST}
   * @since 0.1.0
   */
  public boolean ended() {
    return this == WON || this == LOST;
  }
}
