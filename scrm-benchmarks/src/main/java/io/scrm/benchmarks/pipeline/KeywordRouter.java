package io.scrm.benchmarks.pipeline;

import io.scrm.core.IntakeDecision;
import io.scrm.core.IntakeRouter;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.Contact;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scrm side's routing for the benchmark: {@code rules} keyword rules ("text contains word w →
 * queue q"), compiled into a hash index from keyword to the highest-priority rule, so that routing
 * costs one lookup per word of the message, not one test per rule. Immutable and thread-safe.
 */
final class KeywordRouter implements IntakeRouter {
  private final Map<String, Rule> byKeyword = new HashMap<>();

  private record Rule(int index, IntakeDecision decision) {}

  KeywordRouter(int rules) {
    for (int i = rules - 1; i >= 0; i--) {
      // rule i fires on keyword i; lower i wins; most keywords never occur, as in real rule sets
      String keyword = keyword(i);
      byKeyword.put(keyword, new Rule(i, new IntakeDecision(IntakeDecision.Target.CASE, CaseType.QUESTION,
          i % 10 == 0 ? Priority.HIGH : Priority.NORMAL, "queue-" + (i % 20), null, 0, List.of(),
          "rule " + i + ": text contains '" + keyword + "'")));
    }
  }

  static String keyword(int rule) {
    return rule < TelegramUpdates.WORDS.length ? TelegramUpdates.WORDS[rule] : "stichwort" + rule;
  }

  @Override
  public IntakeDecision route(Interaction message, Contact author) {
    Rule best = null;
    String text = message.text();
    int start = 0;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || text.charAt(i) == ' ') {
        if (i > start) {
          Rule d = byKeyword.get(text.substring(start, i).toLowerCase(Locale.ROOT));
          if (d != null && (best == null || d.index() < best.index())) {
            best = d;
          }
        }
        start = i + 1;
      }
    }
    return best != null ? best.decision() : IntakeDecision.defaultCase();
  }
}
