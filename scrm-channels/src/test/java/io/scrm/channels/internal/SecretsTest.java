package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.strings;

import org.junit.jupiter.api.Test;

final class SecretsTest {
  @Test
  void sameSecret_anyTwoStrings_agreesWithEquals() {
    qt().forAll(strings().allPossible().ofLengthBetween(0, 12), strings().allPossible().ofLengthBetween(0, 12))
        .checkAssert((a, b) -> assertThat(Secrets.sameSecret(a, b)).isEqualTo(a.equals(b)));
    qt().forAll(strings().basicLatinAlphabet().ofLengthBetween(0, 40))
        .checkAssert(a -> assertThat(Secrets.sameSecret(a, new String(a.toCharArray()))).isTrue());
  }

  @Test
  void sameSecret_prefixesLongerValuesAndSingleCharDifferences_areRefused() {
    String secret = "Geheim_2026-Webhook";
    assertThat(Secrets.sameSecret(secret, "Geheim_2026-Webhook")).isTrue();
    assertThat(Secrets.sameSecret(secret, "")).isFalse();
    assertThat(Secrets.sameSecret(secret, "Geheim_2026-Webhoo")).isFalse();
    assertThat(Secrets.sameSecret(secret, "Geheim_2026-WebhookX")).isFalse();
    assertThat(Secrets.sameSecret(secret, "xeheim_2026-Webhook")).isFalse();
    assertThat(Secrets.sameSecret(secret, "Geheim_2026-Webhoox")).isFalse();
    assertThat(Secrets.sameSecret("", "")).isTrue();
    assertThat(Secrets.sameSecret("", "a")).isFalse();
    // a shorter value that is a prefix of the secret
    assertThat(Secrets.sameSecret("aaaa", "a")).isFalse();
    assertThat(Secrets.sameSecret("aaaa", "aa")).isFalse();
  }

  @Test
  void sameSecret_differentLoneSurrogates_areDifferentSecrets() {
    // both would turn into '?' as UTF-8 bytes
    assertThat(Secrets.sameSecret("token\uD800", "token\uD801")).isFalse();
  }
}
