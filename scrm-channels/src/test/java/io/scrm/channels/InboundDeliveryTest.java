package io.scrm.channels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

final class InboundDeliveryTest {
  private static final Instant T0 = Instant.parse("2026-11-23T09:00:00Z");

  @Test
  void headersAreFoundInAnyCase_andRepeatedNamesMerge() {
    InboundDelivery d = InboundDelivery.of("{}".getBytes(StandardCharsets.UTF_8),
        Map.of("X-Hub-Signature-256", List.of("sha256=ab"), "x-hub-signature-256", List.of("sha256=cd")), T0);

    assertThat(d.header("x-HUB-signature-256")).isPresent();
    assertThat(d.headers().get("X-HUB-SIGNATURE-256")).containsExactlyInAnyOrder("sha256=ab", "sha256=cd");
    assertThat(d.header("X-Telegram-Bot-Api-Secret-Token")).isEmpty();
  }

  @Test
  void bodyIsCopiedAndToStringShowsNoValues() {
    byte[] body = "Geheimer Text".getBytes(StandardCharsets.UTF_8);
    InboundDelivery d = InboundDelivery.of(body, Map.of("Authorization", List.of("Bearer token-123")), T0);
    body[0] = 'X';

    assertThat(d.bodyText()).isEqualTo("Geheimer Text");
    assertThat(d.toString()).contains("13 bytes").doesNotContain("Geheimer").doesNotContain("token-123");
  }

  @Test
  void bodyStream_readsTheBodyEachTime_andCopiesOfTheBodyDoNotReachIt() throws Exception {
    InboundDelivery d = InboundDelivery.of("Grüße".getBytes(StandardCharsets.UTF_8), Map.of(), T0);
    d.body()[0] = 'X';

    try (InputStream first = d.bodyStream(); InputStream second = d.bodyStream()) {
      assertThat(new String(first.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("Grüße");
      assertThat(second.readAllBytes()).isEqualTo("Grüße".getBytes(StandardCharsets.UTF_8));
    }
  }

  private static final List<String> NAMES = List.of("Content-Type", "content-type", "CONTENT-TYPE", "Host",
      "X-Telegram-Bot-Api-Secret-Token", "x-telegram-bot-api-secret-token", "X-Hub-Signature-256", "Accept",
      "accept", "X-Forwarded-For", "ß-Header", "SS-Header", "İd", "id", "Ünïcode");

  /** A header map of the given size: names from a list with case variants plus numbered ones, in random order. */
  private static Map<String, List<String>> randomHeaders(long seed, int size) {
    Random r = new Random(seed);
    Map<String, List<String>> headers = new LinkedHashMap<>();
    while (headers.size() < size) {
      String name = r.nextInt(3) == 0 ? "X-Custom-" + (r.nextBoolean() ? "a" : "A") + r.nextInt(40)
          : NAMES.get(r.nextInt(NAMES.size()));
      List<String> values = new ArrayList<>();
      for (int k = r.nextInt(3); k > 0; k--) {
        values.add("v" + r.nextInt(5));
      }
      headers.put(name, values);
    }
    return headers;
  }

  /** How the headers were kept before: a case-insensitive tree map, merged in the map's order. */
  private static Map<String, List<String>> reference(Map<String, List<String>> headers) {
    TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    headers.forEach((name, values) -> copy.merge(name, List.copyOf(values), (a, b) -> {
      List<String> all = new ArrayList<>(a);
      all.addAll(b);
      return List.copyOf(all);
    }));
    return copy;
  }

  @Test
  void headers_anyMapOfNamesInAnyCase_readAsACaseInsensitiveMapMergedInTheMapsOrder() {
    qt().forAll(longs().all(), integers().between(0, 60)).checkAssert((seed, size) -> {
      Map<String, List<String>> given = randomHeaders(seed, size);
      Map<String, List<String>> expected = reference(given);
      InboundDelivery d = InboundDelivery.of(new byte[0], given, T0);

      assertThat(d.headers()).isEqualTo(expected);
      assertThat(new ArrayList<>(d.headers().keySet())).isEqualTo(new ArrayList<>(expected.keySet()));
      for (String name : NAMES) {
        List<String> values = expected.get(name);
        assertThat(d.header(name)).isEqualTo(
            values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0)));
        assertThat(d.headers().get(name.toLowerCase(java.util.Locale.ROOT))).isEqualTo(
            expected.get(name.toLowerCase(java.util.Locale.ROOT)));
      }
    });
  }

  @Test
  void equalsAndHashCode_followTheHeadersIgnoringNameCase() {
    qt().forAll(longs().all(), longs().all(), integers().between(0, 40)).checkAssert((seedA, seedB, size) -> {
      Map<String, List<String>> a = randomHeaders(seedA, size);
      Map<String, List<String>> b = seedA.equals(seedB) ? a : randomHeaders(seedB, size);
      Map<String, List<String>> upper = new LinkedHashMap<>();
      a.forEach((name, values) -> upper.put(name.toUpperCase(java.util.Locale.ROOT), values));
      InboundDelivery da = InboundDelivery.of(new byte[] {1}, a, T0);

      assertThat(da).isEqualTo(InboundDelivery.of(new byte[] {1}, a, T0));
      assertThat(InboundDelivery.of(new byte[] {1}, b, T0).equals(da)).isEqualTo(reference(b).equals(reference(a)));
      InboundDelivery shouted = InboundDelivery.of(new byte[] {1}, upper, T0);
      if (shouted.equals(da)) {
        assertThat(shouted.hashCode()).isEqualTo(da.hashCode());
      }
      assertThat(shouted.equals(da)).isEqualTo(reference(upper).equals(reference(a)));
      assertThat(InboundDelivery.of(new byte[] {2}, a, T0)).isNotEqualTo(da);
    });
  }
}
