package io.scrm.channels.telegram;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.scrm.channels.DeliveryRejectedException;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.ParsedDelivery;
import io.scrm.channels.internal.WireJson;
import io.scrm.core.model.ChannelId;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

/**
 * The streaming reading of updates: against a model of what each generated update must give, and
 * against the tree reader it replaced on every kind of broken body.
 */
final class UpdateReaderTest {
  private static final String SECRET = "s3cr3t";
  private static final Map<String, List<String>> HEADERS = Map.of(TelegramAdapter.SECRET_HEADER, List.of(SECRET));
  private static final JsonNodeFactory NODES = WireJson.MAPPER.getNodeFactory();

  private final TelegramAdapter adapter = TelegramAdapter.builder().token("1:t").secretToken(SECRET)
      .botUsername("@" + UpdateModel.BOT).build();
  /** One clock for both readers: a deletion is dated when it is heard. */
  private static final java.time.Clock CLOCK =
      java.time.Clock.fixed(Instant.parse("2026-03-14T10:00:00Z"), java.time.ZoneOffset.UTC);
  private final UpdateReader reader = new UpdateReader(new WireJson(ChannelId.TELEGRAM), UpdateModel.BOT, CLOCK);
  private final TreeUpdateReference tree = new TreeUpdateReference(UpdateModel.BOT, CLOCK);

  private ParsedDelivery parse(String json) {
    return adapter.parse(InboundDelivery.of(json.getBytes(StandardCharsets.UTF_8), HEADERS, Instant.EPOCH));
  }

  @Test
  void parse_generatedUpdate_givesWhatItsParametersSay() {
    qt().withExamples(3000).forAll(UpdateModel.updates()).checkAssert(update -> {
      ParsedDelivery parsed = parse(update.json());
      assertThat(parsed.deletions()).extracting(d -> d.interaction().value()).as(update.json())
          .containsExactlyElementsOf(update.deleted());
      if (update.interaction() == null && update.skipped() == null) {
        assertThat(parsed.interactions()).as(update.json()).isEmpty();
        assertThat(parsed.skipped()).as(update.json()).isEmpty();
      } else if (update.interaction() == null) {
        assertThat(parsed.interactions()).as(update.json()).isEmpty();
        assertThat(parsed.skipped()).as(update.json()).containsExactly(update.skipped());
      } else {
        assertThat(parsed.skipped()).as(update.json()).isEmpty();
        assertThat(parsed.interactions()).as(update.json()).containsExactly(update.interaction());
      }
    });
  }

  @Test
  void parse_generatedGetUpdatesResponse_givesEveryUpdateInOrder() {
    qt().withExamples(500).forAll(UpdateModel.responses()).checkAssert(response -> {
      ParsedDelivery parsed = parse(response.json());
      assertThat(parsed.interactions()).as(response.json()).containsExactlyElementsOf(
          response.updates().stream().map(UpdateModel.Update::interaction).filter(Objects::nonNull).toList());
      assertThat(parsed.skipped()).as(response.json()).containsExactlyElementsOf(
          response.updates().stream().map(UpdateModel.Update::skipped).filter(Objects::nonNull).toList());
      assertThat(parsed.deletions()).extracting(d -> d.interaction().value()).as(response.json())
          .containsExactlyElementsOf(response.updates().stream().flatMap(u -> u.deleted().stream()).toList());
    });
  }

  @Test
  void readResponse_generatedResponse_givesTheHighestUpdateIdAsLast() {
    qt().withExamples(500).forAll(UpdateModel.responses()).checkAssert(response -> {
      UpdateReader.Batch batch = reader.readResponse(response.json().getBytes(StandardCharsets.UTF_8));
      BigInteger highest = response.updates().stream().map(UpdateModel.Update::updateId)
          .reduce(BigInteger::max).orElse(null);
      assertThat(batch.lastUpdateId()).as(response.json()).isEqualTo(highest);
      assertThat(batch.updates()).as(response.json()).isEqualTo(response.updates().size());
      assertThat(batch.interactions()).as(response.json()).hasSize(
          (int) response.updates().stream().filter(u -> u.interaction() != null).count());
    });
  }

  @Test
  void readDelivery_anyValueReplacedInAGeneratedUpdate_agreesWithTheTreeReader() {
    qt().withExamples(3000).forAll(bodies(), valueMutations()).checkAssert((body, mutation) -> {
      String mutated = mutation.apply(body);
      assertSameOutcome(mutated);
      assertRejectionNamesNoValue(mutated);
    });
  }

  @Test
  void readDelivery_anyEditOfTheBytes_agreesWithTheTreeReader() {
    qt().withExamples(3000).forAll(bodies(), byteEdits()).checkAssert((body, edit) -> assertSameOutcome(edit.apply(body)));
  }

  /** Both readers, on a webhook body and as a getUpdates response: same result, or same refusal. */
  private void assertSameOutcome(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);
    assertSame(body, () -> reader.readDelivery(new ByteArrayInputStream(bytes)),
        () -> tree.readDelivery(new ByteArrayInputStream(bytes)));
    assertSame(body, () -> reader.readResponse(bytes), () -> tree.readResponse(bytes));
  }

  private static void assertSame(String body, Supplier<Object> streaming, Supplier<Object> reference) {
    Object[] expected = outcome(reference);
    Object[] actual = outcome(streaming);
    assertThat(actual).as(body.length() > 2000 ? body.substring(0, 2000) + "..." : body).isEqualTo(expected);
  }

  /** The result, or the refusal's class, reason and text (only the class of any other failure). */
  private static Object[] outcome(Supplier<Object> read) {
    try {
      return new Object[] {read.get()};
    } catch (DeliveryRejectedException e) {
      return new Object[] {e.getClass(), e.reason(), e.getMessage()};
    } catch (RuntimeException e) {
      return new Object[] {e.getClass()};
    }
  }

  private void assertRejectionNamesNoValue(String body) {
    Throwable thrown = catchThrowable(() -> reader.readDelivery(
        new ByteArrayInputStream(body.getBytes(StandardCharsets.ISO_8859_1))));
    if (thrown instanceof DeliveryRejectedException e) {
      for (String value : List.of("Grüße", "Störung", "Jana", "Krüger", "Ayşe", "Kiel", "Leerrohr", "Vertrag",
          "photo-", "doc-", "decoy", "chat_name", UpdateModel.BOT)) {
        assertThat(e.getMessage()).as(body).doesNotContain(value);
      }
    }
  }

  /** Generated updates and responses, as UTF-8 bytes held one per char so that edits can break the encoding. */
  private static Gen<String> bodies() {
    Gen<String> updates = UpdateModel.updates().map(UpdateModel.Update::json);
    Gen<String> responses = UpdateModel.responses().map(UpdateModel.Response::json);
    return updates.mix(responses, 30).map(json -> new String(json.getBytes(StandardCharsets.UTF_8),
        StandardCharsets.ISO_8859_1));
  }

  private interface Mutation {
    String apply(String body);
  }

  /** Replaces or removes one member or element anywhere in the body by a value of another kind. */
  private static Gen<Mutation> valueMutations() {
    return in -> {
      int slot = integers().between(0, 10_000).generate(in);
      int kind = integers().between(0, 13).generate(in);
      int member = integers().between(0, 10_000).generate(in);
      return body -> {
        JsonNode root;
        try {
          root = WireJson.MAPPER.readTree(body.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IOException e) {
          throw new IllegalStateException(e);
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode container = containers.get(slot % containers.size());
        if (container.size() > 0) {
          replace(container, member % container.size(), value(kind));
        }
        return new String(root.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      };
    };
  }

  private static JsonNode value(int kind) {
    return switch (kind) {
      case 0 -> NODES.textNode("Grüße");
      case 1 -> NODES.textNode("   ");
      case 2 -> NODES.textNode("x".repeat(501));
      case 3 -> NODES.numberNode(-5L);
      case 4 -> NODES.numberNode(new BigInteger("123456789012345678901234567890123"));
      case 5 -> NODES.numberNode(new BigDecimal("88.0"));
      case 6 -> NODES.numberNode(new BigDecimal("1E+3"));
      case 7 -> NODES.nullNode();
      case 8 -> NODES.arrayNode().add(1);
      case 9 -> NODES.objectNode().put("id", 1);
      case 10 -> NODES.booleanNode(true);
      case 11 -> NODES.numberNode(1L << 62);
      case 12 -> NODES.numberNode(300_000_000_000L);
      default -> NODES.missingNode();
    };
  }

  private static void collect(JsonNode node, List<JsonNode> containers) {
    if (node.isContainerNode()) {
      containers.add(node);
      node.forEach(child -> collect(child, containers));
    }
  }

  private static void replace(JsonNode container, int index, JsonNode value) {
    if (container instanceof ObjectNode object) {
      Iterator<String> names = object.fieldNames();
      String name = names.next();
      for (int i = 0; i < index; i++) {
        name = names.next();
      }
      if (value.isMissingNode()) {
        object.remove(name);
      } else {
        object.set(name, value);
      }
    } else if (container instanceof ArrayNode array) {
      if (value.isMissingNode()) {
        array.remove(index);
      } else {
        array.set(index, value);
      }
    }
  }

  private static final List<String> TOKENS = List.of(",", ":", "{", "}", "[", "]", "\"", "null", "1.5",
      "1e9999999999", "-0", "\u0001", "\u00c3(", "\u00ff", "\\", "\\u12", "{\"update_id\":1}", " ", "tru", "01",
      "\"" + "9".repeat(1001) + "\"", "9".repeat(1001));

  /** Truncates, cuts out a range, or inserts a token that may break the syntax or the encoding. */
  private static Gen<Mutation> byteEdits() {
    return in -> {
      int kind = integers().between(0, 2).generate(in);
      int at = integers().between(0, 100_000).generate(in);
      int length = integers().between(0, 20).generate(in);
      String token = TOKENS.get(integers().between(0, TOKENS.size() - 1).generate(in));
      return body -> {
        int position = at % (body.length() + 1);
        return switch (kind) {
          case 0 -> body.substring(0, position);
          case 1 -> body.substring(0, position) + body.substring(Math.min(body.length(), position + length));
          default -> body.substring(0, position) + token + body.substring(position);
        };
      };
    };
  }

  @Test
  void readDelivery_limitsAndUnconvertibleValuesInSkippedMembers_failAsTheTreeReaderDid() {
    String head = "{\"update_id\":1,\"callback_query\":{\"x\":";
    for (String value : List.of("1e9999999999", "9".repeat(1001), "1." + "0".repeat(1001),
        "\"\u00c3(\"", "\"\u0001\"", "[".repeat(1001) + "]".repeat(1001), "\"" + "x".repeat(20_000_001) + "\"")) {
      assertSameOutcome(head + value + "}}");
    }
  }
}
