package io.scrm.benchmarks.routing;

import io.scrm.benchmarks.routing.RoutingTable.TableMessage;
import io.scrm.benchmarks.routing.RoutingTable.TableRule;
import java.util.List;

/** The reference: a plain Java first-match loop over the rules in rank order. Stateless. */
public final class PlainLoop {
  private final TableRule[] rules;
  private final String[] needles;

  /**
   * Prepares the loop.
   *
   * @param rules the rules, best rank first
   */
  public PlainLoop(List<TableRule> rules) {
    this.rules = rules.toArray(TableRule[]::new);
    this.needles = rules.stream().map(r -> " " + r.keyword() + " ").toArray(String[]::new);
  }

  /**
   * Routes one message.
   *
   * @param channel the channel
   * @param language the language
   * @param region the region
   * @param padded the text with a space at both ends
   * @return the winning rule index, or -1
   */
  public int route(String channel, String language, String region, String padded) {
    for (int i = 0; i < rules.length; i++) {
      TableRule r = rules[i];
      if (r.channel().equals(channel) && r.language().equals(language) && r.region().equals(region)
          && padded.contains(needles[i])) {
        return r.index();
      }
    }
    return -1;
  }

  static int firstMatch(List<TableRule> rules, TableMessage m) {
    String padded = m.padded();
    for (TableRule r : rules) {
      if (r.channel().equals(m.channel()) && r.language().equals(m.language()) && r.region().equals(m.region())
          && padded.contains(" " + r.keyword() + " ")) {
        return r.index();
      }
    }
    return -1;
  }
}
