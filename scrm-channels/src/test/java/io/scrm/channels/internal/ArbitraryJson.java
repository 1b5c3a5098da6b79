package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;
import static org.quicktheories.generators.SourceDSL.strings;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.quicktheories.core.Gen;

/** Property checks shared by the adapter tests: mutated and random JSON only ever parses or is rejected. */
public final class ArbitraryJson {
  private ArbitraryJson() {}

  /**
   * Checks that replacing any one value in a valid document by an arbitrary value (string, huge or
   * fractional number, null, array, object, boolean) either parses or gives a typed rejection.
   *
   * @param fixture a valid document
   * @param headers the headers to send with it
   * @param parser the adapter's parse
   */
  public static void mutationsParseOrReject(String fixture, Map<String, List<String>> headers,
      Function<InboundDelivery, ParsedDelivery> parser) {
    JsonNode original;
    try {
      original = WireJson.MAPPER.readTree(fixture);
    } catch (java.io.IOException e) {
      throw new IllegalArgumentException("fixture is not JSON", e);
    }
    List<JsonNode> slots = new ArrayList<>();
    collect(original, slots);
    int size = slots.size();
    Gen<Integer> index = integers().between(0, size - 1);
    Gen<Integer> kind = integers().between(0, 9);
    qt().withExamples(400).forAll(index, kind, strings().allPossible().ofLengthBetween(0, 12), longs().all())
        .checkAssert((i, k, text, number) -> {
          JsonNode copy = original.deepCopy();
          List<JsonNode> copySlots = new ArrayList<>();
          collect(copy, copySlots);
          replace(copySlots.get(i), k, text, number);
          byte[] body = copy.toString().getBytes(StandardCharsets.UTF_8);
          assertParsesOrRejects(parser, InboundDelivery.of(body, headers, Instant.EPOCH));
        });
  }

  /**
   * Checks that arbitrary text made of JSON tokens and field names either parses or is rejected.
   *
   * @param fieldNames names the adapter looks for
   * @param headers the headers to send
   * @param parser the adapter's parse
   */
  public static void tokenSoupParsesOrRejects(List<String> fieldNames, Map<String, List<String>> headers,
      Function<InboundDelivery, ParsedDelivery> parser) {
    List<String> tokens = new ArrayList<>(List.of("{", "}", "[", "]", ":", ",", "\"", "null", "true", "1",
        "-17", "1e400", "0.5", "12345678901234567890123", "\"x\"", "\"\""));
    for (String name : fieldNames) {
      tokens.add("\"" + name + "\":");
    }
    qt().withExamples(400).forAll(lists().of(integers().between(0, tokens.size() - 1)).ofSizeBetween(0, 40))
        .checkAssert(picks -> {
          StringBuilder text = new StringBuilder();
          for (int p : picks) {
            text.append(tokens.get(p));
          }
          assertParsesOrRejects(parser, InboundDelivery.of(text.toString().getBytes(StandardCharsets.UTF_8),
              headers, Instant.EPOCH));
        });
  }

  private static void assertParsesOrRejects(Function<InboundDelivery, ParsedDelivery> parser, InboundDelivery d) {
    Throwable thrown = catchThrowable(() -> parser.apply(d));
    if (thrown != null) {
      assertThat(thrown).isInstanceOf(DeliveryRejectedException.class);
    }
  }

  private static void collect(JsonNode node, List<JsonNode> slots) {
    if (node.isObject() || node.isArray()) {
      slots.add(node);
      for (JsonNode child : node) {
        collect(child, slots);
      }
    }
  }

  private static void replace(JsonNode container, int kind, String text, long number) {
    if (container.size() == 0) {
      return;
    }
    int pick = (int) Math.floorMod(number, (long) container.size());
    JsonNode value = switch (kind) {
      case 0 -> WireJson.MAPPER.getNodeFactory().textNode(text);
      case 1 -> WireJson.MAPPER.getNodeFactory().numberNode(number);
      case 2 -> WireJson.MAPPER.getNodeFactory().numberNode(new BigDecimal("1234567890123456789.5"));
      case 3 -> WireJson.MAPPER.getNodeFactory().numberNode(new BigInteger("123456789012345678901234567890"));
      case 4 -> WireJson.MAPPER.getNodeFactory().nullNode();
      case 5 -> WireJson.MAPPER.createArrayNode().add(text);
      case 6 -> WireJson.MAPPER.createObjectNode().put("x", text);
      case 7 -> WireJson.MAPPER.getNodeFactory().booleanNode(number % 2 == 0);
      case 8 -> WireJson.MAPPER.getNodeFactory().numberNode(-number);
      default -> null;
    };
    if (container instanceof ObjectNode object) {
      Iterator<String> names = object.fieldNames();
      String name = null;
      for (int j = 0; j <= pick && names.hasNext(); j++) {
        name = names.next();
      }
      if (value == null) {
        object.remove(name);
      } else {
        object.set(name, value);
      }
    } else if (container instanceof ArrayNode array) {
      if (value == null) {
        array.remove(pick);
      } else {
        array.set(pick, value);
      }
    }
  }
}
