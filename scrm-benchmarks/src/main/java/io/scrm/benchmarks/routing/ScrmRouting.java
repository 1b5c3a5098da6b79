package io.scrm.benchmarks.routing;

import io.scrm.benchmarks.routing.RoutingTable.TableMessage;
import io.scrm.benchmarks.routing.RoutingTable.TableRule;
import io.scrm.core.model.ChannelId;
import io.scrm.core.routing.Rule;
import io.scrm.core.routing.RoutingDecision;
import io.scrm.core.routing.RoutingRequest;
import io.scrm.core.routing.RuleSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The table as a scrm {@link RuleSet}, with the messages as prepared routing requests. */
public final class ScrmRouting {
  private static final Instant AT = Instant.parse("2026-11-23T10:00:00Z");

  private final RuleSet rules;
  private final RoutingRequest[] requests;
  private final List<TableMessage> messages;

  /**
   * Compiles the table.
   *
   * @param table the table
   */
  public ScrmRouting(RoutingTable table) {
    List<Rule> list = new ArrayList<>();
    int n = table.rules().size();
    for (TableRule r : table.rules()) {
      list.add(Rule.builder(r.id()).priority(n - r.index()).channel(ChannelId.of(r.channel()))
          .language(r.language()).region(r.region()).keywords(r.keyword()).routeToQueue("q" + r.index()).build());
    }
    rules = RuleSet.of(list);
    messages = table.messages();
    requests = new RoutingRequest[table.messages().size()];
    for (int i = 0; i < requests.length; i++) {
      TableMessage m = table.messages().get(i);
      requests[i] = RoutingRequest.builder(ChannelId.of(m.channel()), AT).language(m.language()).region(m.region())
          .text(m.text()).build();
    }
  }

  /**
   * Routes a prepared message through the compiled index.
   *
   * @param message the message index
   * @return the winning rule, or null
   */
  public Rule route(int message) {
    return rules.firstMatch(requests[message]);
  }

  /**
   * Routes a message as the engine's router does: builds its routing request from the message's
   * text (folding, splitting and stemming it), then finds the first match.
   *
   * @param message the message index
   * @return the winning rule, or null
   */
  public Rule routeFromText(int message) {
    TableMessage m = messages.get(message);
    return rules.firstMatch(RoutingRequest.builder(ChannelId.of(m.channel()), AT).language(m.language())
        .region(m.region()).text(m.text()).build());
  }

  /**
   * Decides on a prepared message with the full explanation.
   *
   * @param message the message index
   * @return the decision
   */
  public RoutingDecision decide(int message) {
    return rules.decide(requests[message]);
  }

  /**
   * Returns the winner's table index, or -1.
   *
   * @param message the message index
   * @return the index
   */
  public int winner(int message) {
    Rule r = route(message);
    return r == null ? -1 : Integer.parseInt(r.id().substring(1));
  }
}
