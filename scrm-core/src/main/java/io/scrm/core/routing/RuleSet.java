package io.scrm.core.routing;

import io.scrm.core.IntakeDecision;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Priority;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * A compiled table of rules. First-match rules are ranked by priority (higher first; ties keep the
 * order given) and indexed by channel, language, region and keyword: each rule is filed under the
 * most selective of its equality conditions, so a request only evaluates the rules filed under its own
 * channel, language, region and words, plus the rules without any of these conditions. The result
 * always equals a plain first-match loop over the ranked rules ({@link #naiveFirstMatch}). All-match
 * rules are evaluated in rank order after it. Immutable and thread-safe.
 *
 * @since 0.1.0
 */
public final class RuleSet {
  private static final int[] NONE = new int[0];
  // codes of a rule's channel, language and region in the flat pre-check arrays
  private static final int ANY = -1;
  private static final int SEVERAL = -2;
  private static final int UNKNOWN = -3;

  private final Rule[] firsts;
  private final Rule[] alls;
  private final int[] wildcard;
  private final Map<ChannelId, int[]> byChannel;
  private final Map<String, int[]> byLanguage;
  private final Map<String, int[]> byRegion;
  private final Map<String, int[]> byKeyword;
  private final KeywordIndex keywordIndex;
  private final boolean hasKeywords;
  // a flat pre-check of the equality conditions by ordinal: rejects most candidates without
  // touching the rule objects, which at 10,000 rules no longer fit in the CPU caches
  private final Map<ChannelId, Integer> channelCodes = new HashMap<>();
  private final Map<String, Integer> languageCodes = new HashMap<>();
  private final Map<String, Integer> regionCodes = new HashMap<>();
  private final int[] ruleChannel;
  private final int[] ruleLanguage;
  private final int[] ruleRegion;

  private enum Dimension { KEYWORD, REGION, LANGUAGE, CHANNEL }

  private RuleSet(List<Rule> rules) {
    Set<String> ids = new HashSet<>();
    for (Rule r : rules) {
      if (!ids.add(r.id())) {
        throw new IllegalArgumentException("rules: duplicate rule id " + r.id());
      }
    }
    Comparator<Rule> rank = Comparator.comparingInt(Rule::priority).reversed();
    firsts = rules.stream().filter(r -> r.mode() == RuleMode.FIRST_MATCH).sorted(rank).toArray(Rule[]::new);
    alls = rules.stream().filter(r -> r.mode() == RuleMode.ALL_MATCH).sorted(rank).toArray(Rule[]::new);

    Map<Dimension, Map<Object, Integer>> counts = new HashMap<>();
    for (Dimension d : Dimension.values()) {
      counts.put(d, new HashMap<>());
    }
    for (Rule r : firsts) {
      for (Dimension d : Dimension.values()) {
        for (Object v : values(r, d)) {
          counts.get(d).merge(v, 1, Integer::sum);
        }
      }
    }
    Map<Dimension, Map<Object, List<Integer>>> lists = new HashMap<>();
    for (Dimension d : Dimension.values()) {
      lists.put(d, new HashMap<>());
    }
    List<Integer> unindexed = new ArrayList<>();
    for (int ord = 0; ord < firsts.length; ord++) {
      Rule r = firsts[ord];
      Dimension best = null;
      long bestCost = Long.MAX_VALUE;
      for (Dimension d : Dimension.values()) {
        Set<?> vs = values(r, d);
        if (vs.isEmpty()) {
          continue;
        }
        long cost = 0;
        for (Object v : vs) {
          cost += counts.get(d).get(v);
        }
        if (cost < bestCost) {
          bestCost = cost;
          best = d;
        }
      }
      if (best == null) {
        unindexed.add(ord);
      } else {
        for (Object v : values(r, best)) {
          lists.get(best).computeIfAbsent(v, k -> new ArrayList<>()).add(ord);
        }
      }
    }
    wildcard = toArray(unindexed);
    byChannel = freeze(lists.get(Dimension.CHANNEL), k -> (ChannelId) k);
    byLanguage = freeze(lists.get(Dimension.LANGUAGE), k -> (String) k);
    byRegion = freeze(lists.get(Dimension.REGION), k -> (String) k);
    byKeyword = freeze(lists.get(Dimension.KEYWORD), k -> (String) k);
    keywordIndex = new KeywordIndex(byKeyword);
    hasKeywords = !byKeyword.isEmpty();
    ruleChannel = new int[firsts.length];
    ruleLanguage = new int[firsts.length];
    ruleRegion = new int[firsts.length];
    for (int ord = 0; ord < firsts.length; ord++) {
      ruleChannel[ord] = code(firsts[ord].channels(), channelCodes);
      ruleLanguage[ord] = code(firsts[ord].languages(), languageCodes);
      ruleRegion[ord] = code(firsts[ord].regions(), regionCodes);
    }
  }

  private static <K> int code(Set<K> values, Map<K, Integer> codes) {
    if (values.isEmpty()) {
      return ANY;
    }
    if (values.size() > 1) {
      return SEVERAL;
    }
    return codes.computeIfAbsent(values.iterator().next(), k -> codes.size());
  }

  private static <K> int requestCode(@Nullable K value, Map<K, Integer> codes) {
    if (value == null) {
      return UNKNOWN;
    }
    Integer c = codes.get(value);
    return c == null ? UNKNOWN : c;
  }

  private static Set<?> values(Rule r, Dimension d) {
    return switch (d) {
      case KEYWORD -> r.keywordHeads();
      case REGION -> r.regions();
      case LANGUAGE -> r.languages();
      case CHANNEL -> r.channels();
    };
  }

  private static int[] toArray(List<Integer> ords) {
    // ordinals were added in ascending order
    return ords.stream().mapToInt(Integer::intValue).toArray();
  }

  private static <K> Map<K, int[]> freeze(Map<Object, List<Integer>> lists, Function<Object, K> key) {
    // a HashMap, not Map.copyOf: its linear probing degrades badly on keys with clustered hash codes
    // (kw00001, kw00002, ...), and a miss then walks the whole cluster. Never written after construction.
    Map<K, int[]> out = new HashMap<>();
    lists.forEach((k, v) -> out.put(key.apply(k), toArray(v)));
    return out;
  }

  /**
   * Compiles rules.
   *
   * @param rules the rules, in the order that breaks priority ties
   * @return the rule set
   * @throws IllegalArgumentException if two rules have the same id, or one is null
   */
  public static RuleSet of(Collection<Rule> rules) {
    Objects.requireNonNull(rules, "rules");
    for (Rule r : rules) {
      if (r == null) {
        throw new IllegalArgumentException("rules must not contain null");
      }
    }
    return new RuleSet(List.copyOf(rules));
  }

  /**
   * Compiles rules.
   *
   * @param rules the rules, in the order that breaks priority ties
   * @return the rule set
   * @throws IllegalArgumentException if two rules have the same id
   */
  public static RuleSet of(Rule... rules) {
    return of(List.of(rules));
  }

  /**
   * Returns the first-match rule of highest rank that matches, through the index. Allocates nothing.
   *
   * @param request the request
   * @return the rule, or null if none matches
   */
  public @Nullable Rule firstMatch(RoutingRequest request) {
    int best = bestOrdinal(request);
    return best == Integer.MAX_VALUE ? null : firsts[best];
  }

  private int bestOrdinal(RoutingRequest r) {
    int c = requestCode(r.channel(), channelCodes);
    int l = requestCode(r.language(), languageCodes);
    int g = requestCode(r.region(), regionCodes);
    int best = scan(wildcard, r, Integer.MAX_VALUE, c, l, g);
    if (!byChannel.isEmpty()) {
      best = scan(byChannel.getOrDefault(r.channel(), NONE), r, best, c, l, g);
    }
    String language = r.language();
    if (language != null && !byLanguage.isEmpty()) {
      best = scan(byLanguage.getOrDefault(language, NONE), r, best, c, l, g);
    }
    String region = r.region();
    if (region != null && !byRegion.isEmpty()) {
      best = scan(byRegion.getOrDefault(region, NONE), r, best, c, l, g);
    }
    if (hasKeywords) {
      String[] stems = r.stems();
      int[] hashes = r.stemHashes();
      for (int i = 0; i < stems.length; i++) {
        int[] ordinals = keywordIndex.get(stems[i], hashes[i]);
        if (ordinals != null) {
          best = scan(ordinals, r, best, c, l, g);
        }
      }
    }
    return best;
  }

  /** The smallest ordinal in the ascending list that matches and is below best, else best. */
  private int scan(int[] ordinals, RoutingRequest r, int best, int channel, int language, int region) {
    for (int ord : ordinals) {
      if (ord >= best) {
        return best;
      }
      if (passes(ruleChannel[ord], channel) && passes(ruleLanguage[ord], language) && passes(ruleRegion[ord], region)
          && firsts[ord].matches(r)) {
        return ord;
      }
    }
    return best;
  }

  private static boolean passes(int ruleCode, int requestCode) {
    return ruleCode < 0 || ruleCode == requestCode;
  }

  /**
   * Returns the first-match rule of highest rank that matches, by trying every rule in rank order.
   * The reference the index is tested against.
   *
   * @param request the request
   * @return the rule, or null if none matches
   */
  public @Nullable Rule naiveFirstMatch(RoutingRequest request) {
    for (Rule rule : firsts) {
      if (rule.matches(request)) {
        return rule;
      }
    }
    return null;
  }

  /**
   * Decides on a request: the winning first-match rule sets target, case type, queue, agent and
   * priority; every matching all-match rule adds its points and tags. Without a winner the message
   * becomes an unrouted case of type question.
   *
   * @param request the request
   * @return the decision with its explanation
   */
  public RoutingDecision decide(RoutingRequest request) {
    int best = bestOrdinal(request);
    Rule winner = best == Integer.MAX_VALUE ? null : firsts[best];
    List<Explanation.Loser> lost = losers(request, best);
    int points = 0;
    Set<String> tags = new LinkedHashSet<>();
    Priority priority = null;
    List<String> applied = new ArrayList<>();
    if (winner != null) {
      points += winner.scorePoints();
      tags.addAll(winner.addTags());
      priority = winner.setPriority();
    }
    for (Rule rule : alls) {
      if (rule.matches(request)) {
        applied.add(rule.id());
        points += rule.scorePoints();
        tags.addAll(rule.addTags());
        if (priority == null && rule.setPriority() != null) {
          priority = rule.setPriority();
        }
        if (rule.stop()) {
          break;
        }
      }
    }
    Explanation explanation = new Explanation(winner == null ? null : winner.id(),
        winner == null ? List.of() : winner.conditions(), lost, applied);
    IntakeDecision.Target target = winner == null || winner.target() == null
        ? IntakeDecision.Target.CASE : winner.target();
    CaseType type = winner == null || winner.caseType() == null ? CaseType.QUESTION : winner.caseType();
    return new RoutingDecision(target, type, priority == null ? Priority.NORMAL : priority,
        winner == null ? null : winner.queue(), winner == null ? null : winner.agent(),
        winner == null ? Set.of() : winner.requiredSkills(), points, List.copyOf(tags), explanation);
  }

  /** The candidates the index offered for this request that lost, in rank order, at most MAX_LOSERS. */
  private List<Explanation.Loser> losers(RoutingRequest r, int best) {
    TreeSet<Integer> candidates = new TreeSet<>();
    addAll(candidates, wildcard);
    addAll(candidates, byChannel.getOrDefault(r.channel(), NONE));
    if (r.language() != null) {
      addAll(candidates, byLanguage.getOrDefault(r.language(), NONE));
    }
    if (r.region() != null) {
      addAll(candidates, byRegion.getOrDefault(r.region(), NONE));
    }
    for (String stem : r.stems()) {
      addAll(candidates, byKeyword.getOrDefault(stem, NONE));
    }
    List<Explanation.Loser> out = new ArrayList<>();
    for (int ord : candidates) {
      if (ord == best) {
        continue;
      }
      if (out.size() == Explanation.MAX_LOSERS) {
        break;
      }
      Condition failed = firsts[ord].failedCondition(r);
      out.add(failed != null
          ? new Explanation.Loser(firsts[ord].id(), failed, null)
          : new Explanation.Loser(firsts[ord].id(), null, firsts[best].id()));
    }
    return out;
  }

  private static void addAll(Set<Integer> to, int[] ordinals) {
    for (int ord : ordinals) {
      to.add(ord);
    }
  }

  /**
   * Returns the rules in rank order: first-match rules, then all-match rules.
   *
   * @return the rules
   */
  public List<Rule> rules() {
    List<Rule> out = new ArrayList<>(List.of(firsts));
    out.addAll(List.of(alls));
    return List.copyOf(out);
  }

  /**
   * Returns the number of rules.
   *
   * @return the size
   */
  public int size() {
    return firsts.length + alls.length;
  }
}
