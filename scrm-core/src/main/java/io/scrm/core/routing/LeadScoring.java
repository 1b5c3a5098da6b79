package io.scrm.core.routing;

import io.scrm.core.model.CampaignTouch;
import io.scrm.core.model.Lead;
import io.scrm.core.model.LeadStage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Lead scoring and attribution as pure functions on {@link Lead}: points are counted once per source
 * event (a redelivered event changes nothing), score thresholds move a lead forward through the
 * stages (never back, never out of won or lost), a won or lost lead keeps the score it ended with,
 * and campaign touches give first- and last-touch attribution. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class LeadScoring {
  private static final LeadStage[] QUALIFYING = {
    LeadStage.MARKETING_QUALIFIED, LeadStage.SALES_QUALIFIED, LeadStage.HANDED_TO_SALES
  };

  private final Map<LeadStage, Integer> thresholds;

  private LeadScoring(Map<LeadStage, Integer> thresholds) {
    this.thresholds = new EnumMap<>(thresholds);
  }

  /**
   * Returns the default thresholds: marketing-qualified at 30, sales-qualified at 60, handed to sales
   * at 100 points.
   *
   * @return the scoring
   */
  public static LeadScoring ofDefaults() {
    return of(30, 60, 100);
  }

  /**
   * Returns scoring with the given thresholds.
   *
   * @param marketingQualified points for {@link LeadStage#MARKETING_QUALIFIED}
   * @param salesQualified points for {@link LeadStage#SALES_QUALIFIED}
   * @param handedToSales points for {@link LeadStage#HANDED_TO_SALES}
   * @return the scoring
   * @throws IllegalArgumentException unless 0 &lt; marketingQualified &lt;= salesQualified &lt;= handedToSales
   */
  public static LeadScoring of(int marketingQualified, int salesQualified, int handedToSales) {
    if (marketingQualified <= 0 || salesQualified < marketingQualified || handedToSales < salesQualified) {
      throw new IllegalArgumentException("thresholds must be positive and ascending: marketingQualified "
          + marketingQualified + ", salesQualified " + salesQualified + ", handedToSales " + handedToSales);
    }
    Map<LeadStage, Integer> t = new EnumMap<>(LeadStage.class);
    t.put(LeadStage.MARKETING_QUALIFIED, marketingQualified);
    t.put(LeadStage.SALES_QUALIFIED, salesQualified);
    t.put(LeadStage.HANDED_TO_SALES, handedToSales);
    return new LeadScoring(t);
  }

  /**
   * Returns the threshold of a stage.
   *
   * @param stage a qualifying stage
   * @return the points, or empty for stages not reached by score
   */
  public java.util.OptionalInt threshold(LeadStage stage) {
    Integer t = thresholds.get(stage);
    return t == null ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(t);
  }

  /**
   * Returns the stage a lead in {@code current} reaches with {@code score}: the highest stage whose
   * threshold the score reaches, but never behind {@code current}; won and lost stay.
   *
   * @param current the current stage
   * @param score the score
   * @return the stage
   */
  public LeadStage stageFor(LeadStage current, int score) {
    if (current.ended()) {
      return current;
    }
    LeadStage stage = current;
    for (LeadStage s : QUALIFYING) {
      if (score >= thresholds.get(s) && s.compareTo(stage) > 0) {
        stage = s;
      }
    }
    return stage;
  }

  /**
   * Counts a source event's points once. A lead that has {@linkplain LeadStage#ended() ended} keeps
   * its score and counts no more events.
   *
   * @param lead the lead
   * @param sourceEvent the id of the event (e.g. the interaction id); counted at most once per lead
   * @param points the points (may be negative)
   * @param at the time of the change
   * @return the lead with new score and stage, or the same instance if the event was already counted
   *     or the lead has ended
   * @throws IllegalArgumentException if the score would leave the range of {@code int}
   */
  public Lead score(Lead lead, String sourceEvent, int points, Instant at) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(sourceEvent, "sourceEvent");
    if (sourceEvent.isBlank()) {
      throw new IllegalArgumentException("sourceEvent must not be blank");
    }
    if (lead.stage().ended() || lead.scoredEvents().contains(sourceEvent)) {
      return lead;
    }
    List<String> events = new ArrayList<>(lead.scoredEvents());
    events.add(sourceEvent);
    long sum = (long) lead.score() + points;
    if (sum != (int) sum) {
      throw new IllegalArgumentException("points " + points + " would take the score of lead " + lead.id() + " ("
          + lead.score() + ") beyond the range of int");
    }
    int score = (int) sum;
    return lead.toBuilder().score(score).stage(stageFor(lead.stage(), score)).scoredEvents(events)
        .updatedAt(at).build();
  }

  /**
   * Records a campaign touch: the earliest touch is the first touch, the latest the last touch; the
   * lead's campaign is the first touch's campaign unless it already has one.
   *
   * @param lead the lead
   * @param touch the touch
   * @param at the time of the change
   * @return the lead with its attribution updated, or the same instance if nothing changed
   */
  public static Lead attribute(Lead lead, CampaignTouch touch, Instant at) {
    Objects.requireNonNull(lead, "lead");
    Objects.requireNonNull(touch, "touch");
    CampaignTouch first = lead.firstTouch();
    CampaignTouch last = lead.lastTouch();
    CampaignTouch newFirst = first == null || touch.at().isBefore(first.at()) ? touch : first;
    CampaignTouch newLast = last == null || !touch.at().isBefore(last.at()) ? touch : last;
    if (newFirst.equals(first) && newLast.equals(last)) {
      return lead;
    }
    String campaign = lead.campaign() != null ? lead.campaign() : newFirst.campaign();
    return lead.toBuilder().firstTouch(newFirst).lastTouch(newLast).campaign(campaign).updatedAt(at).build();
  }
}
