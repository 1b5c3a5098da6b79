package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class RuleSetPropertiesTest {

  @Test
  void firstMatch_compiled_equalsNaiveLoop() {
    qt().withExamples(500).forAll(RoutingGenerators.rules(60), RoutingGenerators.requests(30))
        .checkAssert((rules, requests) -> {
          RuleSet set = RuleSet.of(rules);
          for (RoutingRequest r : requests) {
            assertThat(set.firstMatch(r)).isSameAs(set.naiveFirstMatch(r));
          }
        });
  }

  @Test
  void firstMatch_naiveLoop_isHighestPriorityEarliestMatchingRule() {
    qt().withExamples(200).forAll(RoutingGenerators.rules(30), RoutingGenerators.requests(10))
        .checkAssert((rules, requests) -> {
          RuleSet set = RuleSet.of(rules);
          for (RoutingRequest r : requests) {
            Rule expected = null;
            for (Rule rule : rules) {
              if (rule.mode() == RuleMode.FIRST_MATCH && rule.matches(r)
                  && (expected == null || rule.priority() > expected.priority())) {
                expected = rule;
              }
            }
            assertThat(set.firstMatch(r)).isSameAs(expected);
          }
        });
  }

  @Test
  void decide_sameRulesSameInput_sameDecision() {
    qt().withExamples(300).forAll(RoutingGenerators.rules(40), RoutingGenerators.requests(10))
        .checkAssert((rules, requests) -> {
          RuleSet a = RuleSet.of(rules);
          RuleSet b = RuleSet.of(new ArrayList<>(rules));
          for (RoutingRequest r : requests) {
            RoutingDecision first = a.decide(r);
            assertThat(a.decide(r)).isEqualTo(first);
            assertThat(b.decide(r)).isEqualTo(first);
          }
        });
  }

  @Test
  void route_sameRulesStateAndInput_sameDecisionsAndAssignees() {
    qt().withExamples(200).forAll(RoutingGenerators.rules(30), RoutingGenerators.requests(25))
        .checkAssert((rules, requests) -> {
          Router one = router(rules);
          Router two = router(rules);
          List<Router.Routed> first = new ArrayList<>();
          List<Router.Routed> second = new ArrayList<>();
          for (RoutingRequest r : requests) {
            first.add(one.route(r));
            second.add(two.route(r));
          }
          assertThat(second).isEqualTo(first);
        });
  }

  private static Router router(List<Rule> rules) {
    Assigner.Builder a = Assigner.builder();
    for (int i = 0; i < 3; i++) {
      a.agent(new Agent("agent-" + i, Set.of("s" + i), 4));
    }
    a.team(Team.roundRobin("q0", "agent-0", "agent-1", "agent-2"));
    a.team(Team.leastLoaded("q1", "agent-2", "agent-1"));
    a.team(Team.roundRobin("q2", "agent-1"));
    return Router.builder(RuleSet.of(rules)).assigner(a.build()).build();
  }
}
