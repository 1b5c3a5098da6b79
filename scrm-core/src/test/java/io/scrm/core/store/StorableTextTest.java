package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

final class StorableTextTest {

  @Test
  void findsTheFirstNulOrLoneSurrogateAndPassesWholePairs() {
    assertThat(StorableText.firstUnstorable("Gr\u00FC\u00DFe \uD83D\uDC4B")).isEqualTo(-1);
    assertThat(StorableText.firstUnstorable("a\uD83D\uDC4Bb\u0000")).isEqualTo(4);
    assertThat(StorableText.firstUnstorable("\uDC00\uD800")).isZero();
    assertThat(StorableText.firstUnstorable("ok\uD800")).isEqualTo(2);
  }

  @Test
  void replacesEachByTheReplacementCharacterAndKeepsAStorableStringAsItIs() {
    String whole = "Paket \uD83D\uDCE6 fehlt";
    assertThat(StorableText.storable(whole)).isSameAs(whole);
    assertThat(StorableText.storable("\uD83D\uDCE6\u0000\uDE00x\uD83D")).isEqualTo("\uD83D\uDCE6\uFFFD\uFFFDx\uFFFD");
  }
}
