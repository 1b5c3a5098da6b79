package io.scrm.core.listening;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The built-in baseline: a small, documented German lexicon. Words are folded by {@link GermanText},
 * so umlaut spellings match. Prefix entries (ending in {@code *}) match inflected forms
 * ({@code ärger*} matches {@code ärgerlich}); a positive adjective after {@code un-} is negative
 * ({@code unzufrieden}, {@code unfreundliche}); a negative noun counts in its plural and at the end of
 * a compound ({@code Störungen}, {@code Stromausfall}), not after {@code ent-} ({@code Entstörung},
 * the repair).
 */
enum GermanLexiconClassifier implements SentimentClassifier {
  INSTANCE;

  /** Weights of folded words; the sign is the polarity. */
  private static final Map<String, Double> WORDS = Map.ofEntries(
      Map.entry("danke", 1.0), Map.entry("super", 1.0), Map.entry("toll", 1.0), Map.entry("klasse", 1.0),
      Map.entry("prima", 1.0), Map.entry("gut", 0.5), Map.entry("schnell", 0.5), Map.entry("zufrieden", 1.0),
      Map.entry("hilfreich", 1.0), Map.entry("freundlich", 1.0), Map.entry("lob", 1.0), Map.entry("perfekt", 1.0),
      Map.entry("empfehlen", 1.0), Map.entry("funktioniert", 0.5), Map.entry("geloest", 1.0),
      Map.entry("stoerung", -1.0), Map.entry("ausfall", -1.0), Map.entry("kaputt", -1.0), Map.entry("langsam", -0.5),
      Map.entry("schlecht", -1.0), Map.entry("katastrophe", -1.5), Map.entry("frechheit", -1.5),
      Map.entry("unverschaemt", -1.5), Map.entry("enttaeuscht", -1.0), Map.entry("wuetend", -1.5),
      Map.entry("sauer", -1.0), Map.entry("mies", -1.0), Map.entry("abzocke", -1.5), Map.entry("kuendigen", -1.0),
      Map.entry("kuendigung", -1.0), Map.entry("beschwerde", -1.0), Map.entry("warte", -0.5),
      Map.entry("wochen", -0.25), Map.entry("immer", -0.25), Map.entry("schon", -0.25), Map.entry("wieder", -0.25),
      Map.entry("nervt", -1.0), Map.entry("geht", 0.25), Map.entry("erreichbar", 0.5));
  private static final Map<String, Double> PREFIXES = Map.of("aerger", -1.0, "reklam", -1.0, "unmoeglich", -1.0,
      "bescheuert", -1.5, "dank", 1.0);
  private static final Set<String> NEGATORS = Set.of("nicht", "kein", "keine", "keinen", "keiner", "nie", "niemals",
      "ohne", "nichts");
  private static final Set<String> INTENSIFIERS = Set.of("sehr", "total", "extrem", "voellig", "echt", "mega",
      "absolut");
  /**
   * Positive verbs that German negates after them, the verb in second place and {@code nicht} at the
   * end: "Das Internet funktioniert nicht", "Mein WLAN geht schon wieder nicht".
   */
  private static final Set<String> VERBS = Set.of("funktioniert", "geht");
  /** What a negated verb is worth: "geht nicht" is a complaint, however little "geht" praises. */
  private static final double NEGATED_VERB = -1.0;
  /**
   * Adjectives of {@link #WORDS} that count in their declined forms too ("kein guter Service",
   * "eine kaputte Leitung"): the endings {@code -e}, {@code -en}, {@code -er}, {@code -es}, {@code -em}.
   */
  private static final Set<String> ADJECTIVES = Set.of("gut", "schnell", "zufrieden", "hilfreich", "freundlich",
      "perfekt", "toll", "kaputt", "langsam", "schlecht", "unverschaemt", "enttaeuscht", "wuetend", "mies");
  /**
   * Nouns of {@link #WORDS} that keep their weight in the plural and as the last part of a compound,
   * where German puts the word that says what it is ("Stromausfall", "Netzstörungen"): each form by
   * its singular.
   */
  private static final Map<String, String> NOUNS = Map.ofEntries(
      Map.entry("stoerung", "stoerung"), Map.entry("stoerungen", "stoerung"), Map.entry("ausfall", "ausfall"),
      Map.entry("ausfaelle", "ausfall"), Map.entry("katastrophe", "katastrophe"),
      Map.entry("katastrophen", "katastrophe"), Map.entry("abzocke", "abzocke"), Map.entry("abzocken", "abzocke"),
      Map.entry("beschwerde", "beschwerde"), Map.entry("beschwerden", "beschwerde"),
      Map.entry("kuendigung", "kuendigung"), Map.entry("kuendigungen", "kuendigung"));
  /** "Guten Tag": a greeting, no praise. */
  private static final Set<String> GREETED = Set.of("tag", "morgen", "abend");
  private static final Set<String> NEGATABLE_NOUNS = Set.of("internet", "netz", "empfang");
  private static final int NEGATION_REACH = 3;
  /**
   * Where a clause ends: punctuation, and a line break or a dash, which posts use instead of it (a
   * hyphen between spaces is the dash most people type; one between letters joins words).
   */
  private static final Pattern CLAUSES = Pattern.compile("[,.;:!?\\n\\r\u2013\u2014\u2026]+|\\s[-\u2010\u2011]+\\s");
  private static final double THRESHOLD = 0.5;

  /** The score of one clause's words; adds what it found to {@code evidence}. */
  private static double clause(List<String> words, List<String> evidence) {
    double score = 0;
    int negatedUntil = -1;
    double intensity = 1;
    // the last positive verb not negated: its position, its value and its evidence
    int verb = -1;
    double verbValue = 0;
    int verbEvidence = -1;
    for (int i = 0; i < words.size(); i++) {
      String w = words.get(i);
      if (NEGATORS.contains(w)) {
        // a negation with nothing to negate after it negates the verb before it
        // ("ohne" negates only what follows it: "funktioniert ohne Probleme" is praise)
        if (verb >= 0 && i - verb <= NEGATION_REACH && !w.equals("ohne") && !sentimentAhead(words, i)) {
          score += NEGATED_VERB * Math.max(1, verbValue) - verbValue;
          evidence.set(verbEvidence, "nicht " + words.get(verb));
          verb = -1;
        }
        negatedUntil = i + NEGATION_REACH;
        continue;
      }
      if (INTENSIFIERS.contains(w)) {
        intensity = 2;
        continue;
      }
      if (w.equals("guten") && i + 1 < words.size() && GREETED.contains(words.get(i + 1))) {
        i++;
        continue;
      }
      Double weight = weight(w);
      if (weight != null) {
        boolean negated = i <= negatedUntil;
        // "kein Internet", "nicht erreichbar": a negated positive is negative; a negated negative is mild
        double value = negated ? (weight > 0 ? -weight : -weight * 0.5) : weight;
        score += value * intensity;
        evidence.add(negated ? "nicht " + w : w);
        if (!negated && value > 0 && VERBS.contains(w)) {
          verb = i;
          verbValue = value * intensity;
          verbEvidence = evidence.size() - 1;
        }
      } else if (i <= negatedUntil && NEGATABLE_NOUNS.contains(w)) {
        score -= 1.0 * intensity; // "kein Internet", "kein Netz": the commonest complaint has no sentiment word
        evidence.add("kein " + w);
        negatedUntil = -1;
      }
      intensity = 1;
    }
    return score;
  }

  /** Whether a word within the reach of the negation at {@code at} carries sentiment. */
  private static boolean sentimentAhead(List<String> words, int at) {
    for (int j = at + 1; j <= Math.min(at + NEGATION_REACH, words.size() - 1); j++) {
      String w = words.get(j);
      if (weight(w) != null || NEGATABLE_NOUNS.contains(w)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Sentiment classify(String text) {
    double score = 0;
    List<String> evidence = new ArrayList<>();
    // a negation reaches to the end of its clause at most: "Kein Problem, vielen Dank!" thanks
    for (String clause : CLAUSES.split(text)) {
      score += clause(GermanText.words(clause), evidence);
    }
    for (int cp : text.codePoints().toArray()) {
      if (cp == 0x1F621 || cp == 0x1F620 || cp == 0x1F92C || cp == 0x1F44E) { // 😡 😠 🤬 👎
        score -= 1.0;
        evidence.add(new String(Character.toChars(cp)));
      } else if (cp == 0x1F44D || cp == 0x1F60A || cp == 0x2764 || cp == 0x1F64F) { // 👍 😊 ❤ 🙏
        score += 1.0;
        evidence.add(new String(Character.toChars(cp)));
      }
    }
    Sentiment.Polarity polarity = score <= -THRESHOLD ? Sentiment.Polarity.NEGATIVE
        : score >= THRESHOLD ? Sentiment.Polarity.POSITIVE : Sentiment.Polarity.NEUTRAL;
    return new Sentiment(polarity, score, evidence);
  }

  private static @Nullable Double weight(String word) {
    Double exact = WORDS.get(word);
    if (exact != null) {
      return exact;
    }
    for (Map.Entry<String, Double> p : PREFIXES.entrySet()) {
      if (word.startsWith(p.getKey())) {
        return p.getValue();
      }
    }
    for (Map.Entry<String, String> n : NOUNS.entrySet()) {
      // "Entstörung" is the repair of a fault, no fault
      if (word.endsWith(n.getKey()) && !word.endsWith("ent" + n.getKey())) {
        return WORDS.get(n.getValue());
      }
    }
    Double declined = declined(word);
    return declined != null ? declined : opposite(word);
  }

  /** "unzufrieden", "unfreundlicher": {@code un-} before a positive adjective says its opposite. */
  private static @Nullable Double opposite(String word) {
    if (!word.startsWith("un")) {
      return null;
    }
    String stem = word.substring(2);
    Double positive = ADJECTIVES.contains(stem) ? WORDS.get(stem) : declined(stem);
    return positive != null && positive > 0 ? -positive : null;
  }

  /** The weight of an adjective in a declined form, or null. */
  private static @Nullable Double declined(String word) {
    int n = word.length();
    if (n > 3 && word.charAt(n - 1) == 'e') {
      return adjective(word.substring(0, n - 1));
    }
    if (n > 4 && word.charAt(n - 2) == 'e' && "nrsm".indexOf(word.charAt(n - 1)) >= 0) {
      return adjective(word.substring(0, n - 2));
    }
    return null;
  }

  private static @Nullable Double adjective(String stem) {
    return ADJECTIVES.contains(stem) ? WORDS.get(stem) : null;
  }
}
