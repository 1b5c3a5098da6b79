package io.scrm.examples;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.IntakeRouted;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Lead;
import io.scrm.core.model.Priority;
import io.scrm.core.routing.Agent;
import io.scrm.core.routing.Assigner;
import io.scrm.core.routing.Router;
import io.scrm.core.routing.Rule;
import io.scrm.core.routing.RuleMode;
import io.scrm.core.routing.RuleSet;
import io.scrm.core.routing.Team;
import io.scrm.core.model.Interaction;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The README's routing example, compiled and tested: a small German rule set and a team of sales
 * advisors; a house-builder's inquiry with a campaign link becomes a scored, attributed lead.
 *
 * @since 0.1.0
 */
public final class WithRouting {
  private WithRouting() {}

  /**
   * The lead the inquiry became and the routing event that explains it. Immutable.
   *
   * @param lead the lead as stored
   * @param routed the event published when the inquiry was routed
   * @since 0.1.0
   */
  public record Outcome(Lead lead, IntakeRouted routed) {}

  /**
   * Runs the example.
   *
   * @return the lead and the routing event
   */
  public static Outcome run() {
    List<IntakeRouted> routed = new CopyOnWriteArrayList<>();
    // routing:begin
    RuleSet rules = RuleSet.of(
        Rule.builder("stoerung").priority(200).keywords("Störung", "kein Strom").createCase(CaseType.OUTAGE_REPORT)
            .routeToQueue("entstoerung").setPriority(Priority.HIGH).build(),
        Rule.builder("bauherr").priority(100).language("de").keywords("Neubau", "Hausbau", "Bauherr")
            .createLead().routeToQueue("vertrieb").requireSkills("neubau").addScore(20).build(),
        Rule.builder("beratung").mode(RuleMode.ALL_MATCH).keywords("Beratung", "Angebot").addScore(15).build());
    Assigner advisors = Assigner.builder().agent(new Agent("berater-1", Set.of("neubau"), 25))
        .agent(new Agent("berater-2", Set.of("neubau"), 25)).team(Team.roundRobin("vertrieb", "berater-1", "berater-2"))
        .build();
    SocialCrm crm = SocialCrm.builder().intakeRouter(Router.builder(rules).assigner(advisors).build()).build();
    crm.events().subscribe(IntakeRouted.class, routed::add);   // queue, assignee and the explanation
    IngestResult in = crm.ingest(Interaction.inbound(ChannelId.MESSENGER, "m-5521").thread("psid-5521")
        .author("psid-5521", null).language("de").occurredAt(Instant.now()).text("Unser Neubau in Bielefeld ist 2027 "
            + "fertig. Wir hätten gern eine Beratung: https://example.de/neubau?utm_source=facebook&utm_campaign=hausbau24")
        .build());
    // routing:end
    return new Outcome(crm.findLead(in.leadId()).orElseThrow(), routed.get(0));
  }
}
