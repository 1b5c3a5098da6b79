package io.scrm.benchmarks.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The seeded rule table and messages every engine of the routing benchmark is given: each rule tests
 * equality of channel, language and region plus that the text contains a keyword; rule {@code i} has
 * rank {@code i} (rank 0 wins). Messages match a rule at the requested rate; the others carry a keyword
 * of the table on a channel, language and region where no rule with that keyword applies (near misses).
 * Immutable.
 *
 * @param rules the rules, best rank first
 * @param messages the messages
 * @param expected the winning rule index per message by a plain first-match loop, -1 for none
 */
public record RoutingTable(List<TableRule> rules, List<TableMessage> messages, int[] expected) {
  /** Channels drawn from. */
  static final String[] CHANNELS = {"x", "mastodon", "facebook", "email"};
  /** Languages drawn from. */
  static final String[] LANGUAGES = {"de", "en", "fr"};
  /** Regions drawn from (German federal states). */
  static final String[] REGIONS = {"bw", "by", "be", "bb", "hb", "hh", "he", "mv", "ni", "nw", "rp", "sl", "sn",
      "st", "sh", "th"};
  /** Size of the keyword vocabulary. */
  static final int KEYWORDS = 5_000;
  /** Number of messages cycled through. */
  public static final int MESSAGES = 1_024;
  private static final int FILLER_WORDS = 8;

  /**
   * One rule of the table.
   *
   * @param index the rank, 0 wins
   * @param channel the channel
   * @param language the language
   * @param region the region
   * @param keyword the keyword
   */
  public record TableRule(int index, String channel, String language, String region, String keyword) {
    /**
     * Returns the rule id.
     *
     * @return {@code r<index>}
     */
    public String id() {
      return "r" + index;
    }
  }

  /**
   * One message.
   *
   * @param channel the channel
   * @param language the language
   * @param region the region
   * @param text the words, separated by single spaces
   */
  public record TableMessage(String channel, String language, String region, String text) {
    /**
     * Returns the text with a space at both ends, so that {@code contains(" " + keyword + " ")} finds
     * whole words only.
     *
     * @return the padded text
     */
    public String padded() {
      return " " + text + " ";
    }
  }

  /**
   * Generates a table.
   *
   * @param ruleCount the number of rules
   * @param matchPercent the share of messages that match a rule, 0 to 100
   * @param seed the random seed
   * @return the table with the plain-loop results
   */
  public static RoutingTable generate(int ruleCount, int matchPercent, long seed) {
    Random random = new Random(seed);
    List<TableRule> rules = new ArrayList<>();
    for (int i = 0; i < ruleCount; i++) {
      rules.add(new TableRule(i, pick(random, CHANNELS), pick(random, LANGUAGES), pick(random, REGIONS),
          keyword(random.nextInt(KEYWORDS))));
    }
    List<TableMessage> messages = new ArrayList<>();
    int matching = MESSAGES * matchPercent / 100;
    for (int j = 0; j < MESSAGES; j++) {
      if (j < matching) {
        TableRule r = rules.get(random.nextInt(ruleCount));
        messages.add(new TableMessage(r.channel(), r.language(), r.region(), text(random, r.keyword())));
      } else {
        TableMessage miss;
        do {
          TableRule r = rules.get(random.nextInt(ruleCount));
          miss = new TableMessage(pick(random, CHANNELS), pick(random, LANGUAGES), pick(random, REGIONS),
              text(random, r.keyword()));
        } while (PlainLoop.firstMatch(rules, miss) >= 0);
        messages.add(miss);
      }
    }
    Collections.shuffle(messages, random);
    int[] expected = new int[MESSAGES];
    for (int j = 0; j < MESSAGES; j++) {
      expected[j] = PlainLoop.firstMatch(rules, messages.get(j));
    }
    return new RoutingTable(List.copyOf(rules), List.copyOf(messages), expected);
  }

  private static String pick(Random random, String[] values) {
    return values[random.nextInt(values.length)];
  }

  static String keyword(int n) {
    return String.format("kw%05d", n);
  }

  private static String text(Random random, String keyword) {
    List<String> words = new ArrayList<>();
    for (int i = 0; i < FILLER_WORDS; i++) {
      words.add(String.format("fw%05d", random.nextInt(50_000)));
    }
    words.add(random.nextInt(words.size() + 1), keyword);
    return String.join(" ", words);
  }

  /**
   * Returns the match rate the messages really have.
   *
   * @return matching messages / all messages
   */
  public double matchRate() {
    int n = 0;
    for (int e : expected) {
      if (e >= 0) {
        n++;
      }
    }
    return (double) n / expected.length;
  }
}
