package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import com.fasterxml.jackson.databind.JsonNode;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.DeliveryRejectedException.Reason;
import io.scrm.core.model.ChannelId;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class WireJsonTest {
  private final WireJson json = new WireJson(ChannelId.TELEGRAM);

  private JsonNode parse(String text) {
    return json.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void optionalId_integersOfEverySize_areKeptDigitForDigit() {
    JsonNode root = parse("{\"small\":42,\"chat\":-1001234567890,\"max\":9223372036854775807,"
        + "\"beyond\":9223372036854775808,\"huge\":-123456789012345678901234567890,\"zero\":-0}");
    assertThat(json.optionalId(root, "small")).isEqualTo("42");
    assertThat(json.optionalId(root, "chat")).isEqualTo("-1001234567890");
    assertThat(json.optionalId(root, "max")).isEqualTo("9223372036854775807");
    assertThat(json.optionalId(root, "beyond")).isEqualTo("9223372036854775808");
    assertThat(json.optionalId(root, "huge")).isEqualTo("-123456789012345678901234567890");
    assertThat(json.optionalId(root, "zero")).isEqualTo("0");
    assertThat(json.optionalId(root, "absent")).isNull();
  }

  @Test
  void optionalId_anyLong_printsAsItsDecimalText() {
    qt().forAll(longs().all()).checkAssert(value ->
        assertThat(json.optionalId(parse("{\"id\":" + value + "}"), "id")).isEqualTo(Long.toString(value)));
  }

  @Test
  void optionalId_fractionOrExponent_isRefusedAsLossy() {
    JsonNode root = parse("{\"fraction\":1.5,\"exponent\":1e3}");
    for (String field : new String[] {"fraction", "exponent"}) {
      assertThatThrownBy(() -> json.optionalId(root, field))
          .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.LOSSY_ID))
          .hasMessageContaining(field);
    }
  }

  @Test
  void optionalLong_acceptsZeroToBelowTwoToThe62_andRefusesTheRest() {
    JsonNode root = parse("{\"zero\":0,\"top\":4611686018427387903,\"over\":4611686018427387904,"
        + "\"negative\":-1,\"beyond\":92233720368547758080,\"text\":\"7\"}");
    assertThat(json.optionalLong(root, "zero")).isZero();
    assertThat(json.optionalLong(root, "top")).isEqualTo((1L << 62) - 1);
    for (String field : new String[] {"over", "negative", "beyond"}) {
      assertThatThrownBy(() -> json.optionalLong(root, field))
          .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MALFORMED))
          .hasMessageContaining(field);
    }
    assertThatThrownBy(() -> json.optionalLong(root, "text"))
        .isInstanceOfSatisfying(DeliveryRejectedException.class, e -> assertThat(e.reason()).isEqualTo(Reason.MISSING_FIELD));
  }

  @Test
  void parse_bodiesBeyondTheReadersLimits_areRefusedAsMalformedWithoutPosition() {
    for (String body : new String[] {"{\"a\":" + "9".repeat(1001) + "}", "[".repeat(1001) + "]".repeat(1001),
        "{\"a\":\"" + "x".repeat(20_000_001) + "\"}"}) {
      assertThatThrownBy(() -> parse(body)).isInstanceOfSatisfying(DeliveryRejectedException.class, e -> {
        assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
        assertThat(e.getMessage()).contains("exceeds a limit of the JSON reader").doesNotContain("999");
      });
    }
  }

  @Test
  void parse_numberNoDecimalCanHold_isRefusedAsMalformed() {
    assertThatThrownBy(() -> parse("{\"a\":1e9999999999}")).isInstanceOfSatisfying(DeliveryRejectedException.class,
        e -> {
          assertThat(e.reason()).isEqualTo(Reason.MALFORMED);
          assertThat(e.getMessage()).contains("number that cannot be read").doesNotContain("9999");
        });
  }
}
