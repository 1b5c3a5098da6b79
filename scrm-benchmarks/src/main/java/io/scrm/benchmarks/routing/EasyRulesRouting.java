package io.scrm.benchmarks.routing;

import io.scrm.benchmarks.routing.RoutingTable.TableMessage;
import io.scrm.benchmarks.routing.RoutingTable.TableRule;
import org.jeasy.rules.api.Facts;
import org.jeasy.rules.api.Rules;
import org.jeasy.rules.api.RulesEngine;
import org.jeasy.rules.api.RulesEngineParameters;
import org.jeasy.rules.core.DefaultRulesEngine;
import org.jeasy.rules.core.RuleBuilder;

/** The table as Easy Rules rules: lower priority value fires first, skip after the first applied rule. */
public final class EasyRulesRouting {
  private final Rules rules = new Rules();
  private final RulesEngine engine = new DefaultRulesEngine(new RulesEngineParameters().skipOnFirstAppliedRule(true));
  private final Fact[] facts;

  /** The fact a rule tests and writes its result to. Not thread-safe. */
  public static final class Fact {
    final String channel;
    final String language;
    final String region;
    final String padded;
    int winner = -1;

    Fact(TableMessage m) {
      channel = m.channel();
      language = m.language();
      region = m.region();
      padded = m.padded();
    }
  }

  /**
   * Builds the rules.
   *
   * @param table the table
   */
  public EasyRulesRouting(RoutingTable table) {
    for (TableRule r : table.rules()) {
      String needle = " " + r.keyword() + " ";
      rules.register(new RuleBuilder().name(r.id()).priority(r.index())
          .when(f -> {
            Fact m = f.get("m");
            return r.channel().equals(m.channel) && r.language().equals(m.language) && r.region().equals(m.region)
                && m.padded.contains(needle);
          })
          .then(f -> ((Fact) f.get("m")).winner = r.index())
          .build());
    }
    facts = table.messages().stream().map(Fact::new).toArray(Fact[]::new);
  }

  /**
   * Routes one message.
   *
   * @param message the message index
   * @return the winning rule index, or -1
   */
  public int route(int message) {
    Fact fact = facts[message];
    fact.winner = -1;
    Facts f = new Facts();
    f.put("m", fact);
    engine.fire(rules, f);
    return fact.winner;
  }
}
