package io.scrm.core.routing;

import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.util.Set;

/**
 * A ready-made rule set and team set-up of a German energy and building supplier, for demos and
 * tests: house-builders asking for advice become leads for the sales advisors (the account manager
 * first), outage reports and complaints become cases for the service queues, campaign codes and
 * purchase words add lead points. Stateless; every call returns new objects.
 *
 * <p>Queues: {@value #SALES} (advisors {@code advisor-1}, {@code advisor-2}, round robin, skill
 * {@code neubau}), {@value #OUTAGE} and {@value #COMPLAINTS} (service agents {@code service-1},
 * {@code service-2}, least loaded).
 *
 * @since 0.1.0
 */
public final class ExampleRules {
  /** Queue of the sales advisors. */
  public static final String SALES = "sales-advisors";
  /** Queue of outage reports. */
  public static final String OUTAGE = "service-outage";
  /** Queue of complaints. */
  public static final String COMPLAINTS = "service-complaints";
  /** Queue of all other service requests. */
  public static final String SERVICE = "service";
  /** The campaign code of the house-building campaign. */
  public static final String CAMPAIGN = "HAUSBAU24";

  private ExampleRules() {}

  /**
   * Returns the rules.
   *
   * @return the compiled rule set
   */
  public static RuleSet ruleSet() {
    return RuleSet.of(
        Rule.builder("outage").priority(300)
            .keywords("Störung", "Stromausfall", "Ausfall", "kein Strom", "kein Internet")
            .createCase(CaseType.OUTAGE_REPORT).routeToQueue(OUTAGE).setPriority(Priority.HIGH)
            .tag("outage").build(),
        Rule.builder("complaint").priority(200)
            .keywords("Beschwerde", "unzufrieden", "Frechheit", "Kündigung", "Abzocke")
            .createCase(CaseType.COMPLAINT).routeToQueue(COMPLAINTS).tag("complaint").build(),
        Rule.builder("lead-house-builder").priority(100).language("de")
            .keywords("Hausbau", "Bauherr", "Neubau", "Eigenheim", "Haus bauen", "Einfamilienhaus")
            .excludedKeywords("Störung", "Beschwerde")
            .createLead().routeToQueue(SALES).requireSkills("neubau").addScore(20).tag("hausbau").build(),
        Rule.builder("public-mention").priority(10).channel(ChannelId.X, ChannelId.MASTODON, ChannelId.FACEBOOK)
            .kind(InteractionKind.MENTION, InteractionKind.COMMENT).visibility(Visibility.PUBLIC)
            .createCase(CaseType.QUESTION).routeToQueue(SERVICE).build(),
        Rule.builder("score-campaign").mode(RuleMode.ALL_MATCH).campaign(CAMPAIGN).addScore(20).tag("campaign")
            .build(),
        Rule.builder("score-advice").mode(RuleMode.ALL_MATCH).keywords("Berater", "Beratung", "Angebot")
            .addScore(15).build());
  }

  /**
   * Returns the teams and agents, with fresh in-memory state.
   *
   * @return the assigner
   */
  public static Assigner assigner() {
    return Assigner.builder()
        .agent(new Agent("advisor-1", Set.of("neubau", "photovoltaik"), 20))
        .agent(new Agent("advisor-2", Set.of("neubau"), 20))
        .agent(new Agent("service-1", Set.of("strom"), 10))
        .agent(new Agent("service-2", Set.of("strom", "internet"), 10))
        .team(Team.roundRobin(SALES, "advisor-1", "advisor-2"))
        .team(Team.leastLoaded(OUTAGE, "service-1", "service-2"))
        .team(Team.leastLoaded(COMPLAINTS, "service-2", "service-1"))
        .team(Team.roundRobin(SERVICE, "service-1", "service-2"))
        .build();
  }

  /**
   * Returns a router with these rules, teams and a keyword intent classifier.
   *
   * @param clock the clock
   * @return the router, to pass to {@code SocialCrm.builder().intakeRouter(...)}
   */
  public static Router router(Clock clock) {
    return Router.builder(ruleSet()).assigner(assigner()).clock(clock).build();
  }
}
