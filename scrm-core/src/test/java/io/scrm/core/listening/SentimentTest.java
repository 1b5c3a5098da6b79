package io.scrm.core.listening;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.listening.Sentiment.Polarity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

final class SentimentTest {
  private final SentimentClassifier lexicon = SentimentClassifier.germanLexicon();

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "Seit heute früh kein Internet in Nippes!                | NEGATIVE",
      "Schon wieder eine Störung, echt ärgerlich 😡             | NEGATIVE",
      "Ich bin total enttäuscht vom Kundenservice               | NEGATIVE",
      "Nicht zufrieden mit der Lieferung                        | NEGATIVE",
      "Der Router ist immer noch nicht erreichbar               | NEGATIVE",
      "Danke, das ging super schnell!                           | POSITIVE",
      "Sehr freundlich und hilfreich, vielen Dank 👍            | POSITIVE",
      "Gar nicht schlecht, der neue Tarif                       | POSITIVE",
      "Wir bauen ein Haus und suchen einen Berater              | NEUTRAL",
      "Kein Problem, vielen Dank!                               | POSITIVE",
      "Keine Störung mehr, danke!                               | POSITIVE",
      "Wann kommt der Techniker?                                | NEUTRAL"})
  void classify_germanExamples(String text, Polarity expected) {
    assertThat(lexicon.classify(text).polarity()).as(text).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"Die Störung ist ärgerlich | stoerung", "Das ist nicht gut | nicht gut"})
  void classify_evidenceNamesTheDecidingWords(String text, String evidence) {
    assertThat(lexicon.classify(text).evidence()).contains(evidence);
  }
}
