package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class IntentClassifierTest {
  private static Interaction message(String text) {
    return Interaction.inbound(ChannelId.TELEGRAM, "1").thread("t").author("u", null).text(text)
        .occurredAt(Instant.EPOCH).build();
  }

  @Test
  void keywords_findTheIntentsOfAMessage_germanAware() {
    IntentClassifier intents = IntentClassifier.keywords(Map.of("kauf", List.of("Angebot", "kaufen"),
        "kuendigung", List.of("Kündigung")));
    assertThat(intents.intents(message("Ich möchte KÜNDIGUNG einreichen, kein Angebot"))).containsExactlyInAnyOrder(
        "kauf", "kuendigung");
    assertThat(intents.intents(message("Wann kommt der Techniker?"))).isEmpty();
  }

  @Test
  void keywords_thatCouldNeverBeFound_areRefusedNamingTheIntent() {
    assertThatThrownBy(() -> IntentClassifier.keywords(Map.of("kauf", List.of("!!!"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kauf'").hasMessageContaining("'!!!'");
    assertThatThrownBy(() -> IntentClassifier.keywords(Map.of(" ", List.of("kaufen"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intent");
    assertThatThrownBy(() -> IntentClassifier.keywords(Map.of("kauf", List.of())))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kauf'");
    assertThatThrownBy(() -> IntentClassifier.keywords(Map.of("kauf", Arrays.asList("kaufen", null))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'kauf'");
  }
}
