package io.scrm.core.routing;

import io.scrm.core.model.Interaction;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Finds intents in a message (e.g. {@code purchase}, {@code complaint}) for rules with an intent
 * condition. Pluggable: a host may pass a statistical classifier to {@link Router.Builder}.
 * Implementations must be thread-safe and deterministic.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface IntentClassifier {

  /**
   * Classifies a message.
   *
   * @param message the message
   * @return the intents found, possibly empty
   */
  Set<String> intents(Interaction message);

  /**
   * Returns a classifier that finds no intents.
   *
   * @return a stateless classifier
   */
  static IntentClassifier none() {
    return message -> Set.of();
  }

  /**
   * Returns a keyword classifier: an intent is found if the message contains one of its keywords
   * (German-aware, word boundaries, stemmed, as in {@link Rule.Builder#keywords}).
   *
   * @param keywordsByIntent keywords or phrases per intent
   * @return a stateless classifier
   * @throws IllegalArgumentException naming the intent if an intent is blank or has no keywords, or a
   *     keyword is null, blank or has no letters or digits (it could never be found)
   */
  static IntentClassifier keywords(Map<String, List<String>> keywordsByIntent) {
    Objects.requireNonNull(keywordsByIntent, "keywordsByIntent");
    Map<String, String[][]> compiled = new LinkedHashMap<>();
    keywordsByIntent.forEach((intent, words) -> {
      if (intent == null || intent.isBlank()) {
        throw new IllegalArgumentException("intent must not be blank");
      }
      if (words == null || words.isEmpty()) {
        throw new IllegalArgumentException("intent '" + intent + "' must have keywords");
      }
      List<String[]> phrases = new ArrayList<>();
      for (String word : words) {
        phrases.add(Terms.keyword(word, "keywords of intent '" + intent + "'"));
      }
      compiled.put(intent, phrases.toArray(String[][]::new));
    });
    return message -> {
      String[] stems = Terms.stems(message.text());
      Set<String> found = new HashSet<>();
      compiled.forEach((intent, phrases) -> {
        for (String[] phrase : phrases) {
          if (contains(stems, phrase)) {
            found.add(intent);
            return;
          }
        }
      });
      return Set.copyOf(found);
    };
  }

  private static boolean contains(String[] stems, String[] phrase) {
    outer:
    for (int i = 0; i + phrase.length <= stems.length; i++) {
      for (int j = 0; j < phrase.length; j++) {
        if (!stems[i + j].equals(phrase[j])) {
          continue outer;
        }
      }
      return true;
    }
    return false;
  }
}
