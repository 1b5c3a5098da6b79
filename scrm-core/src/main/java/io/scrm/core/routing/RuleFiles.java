package io.scrm.core.routing;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Loads rules from JSON. The whole file is checked before anything is returned: a bad file fails
 * with a {@link RuleFileException} naming the file, the rule id and the field, and nothing of it is
 * loaded. Stateless and thread-safe.
 *
 * <p>Format:
 *
 * <pre>{@code
 * {"rules": [
 *   {"id": "lead-hausbau", "priority": 100, "mode": "FIRST_MATCH",
 *    "when": {"channels": ["x"], "kinds": ["MENTION"], "visibility": "PUBLIC", "languages": ["de"],
 *             "keywords": ["Bauherr", "Hausbau"], "excludedKeywords": ["Störung"], "intents": ["purchase"],
 *             "regions": ["nrw"], "postcodePrefixes": ["50"], "products": ["pv"],
 *             "score": {"min": 10, "max": 50}, "campaigns": ["HAUSBAU24"], "hasOwner": false, "tags": ["vip"],
 *             "businessHours": {"zone": "Europe/Berlin", "days": ["MONDAY"], "opens": "08:00",
 *                               "closes": "18:00", "inside": true}},
 *    "then": {"createLead": true, "queue": "sales", "agent": "a1", "priority": "HIGH", "score": 20,
 *             "tags": ["hausbau"], "requireSkills": ["baufinanzierung"], "stop": false}}
 * ]}
 * }</pre>
 *
 * <p>{@code "createLead": true} and {@code "createCase": "COMPLAINT"} (a case of that type) exclude
 * each other.
 *
 * @since 0.1.0
 */
public final class RuleFiles {
  /** Refuses what a lenient reader would drop: a second document after the first, a field given twice. */
  private static final ObjectMapper MAPPER = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> FILE_FIELDS = Set.of("rules", "description");
  private static final Set<String> RULE_FIELDS = Set.of("id", "priority", "mode", "when", "then", "description");
  private static final Set<String> WHEN_FIELDS = Set.of("channels", "kinds", "visibility", "languages", "keywords",
      "excludedKeywords", "intents", "regions", "postcodePrefixes", "products", "score", "campaigns",
      "businessHours", "hasOwner", "tags");
  private static final Set<String> THEN_FIELDS = Set.of("createLead", "createCase", "queue", "agent", "priority",
      "score", "tags", "requireSkills", "stop");

  private RuleFiles() {}

  /**
   * Loads a rule file.
   *
   * @param file the file
   * @return the compiled rules
   * @throws RuleFileException if the file cannot be read or a rule is invalid
   */
  public static RuleSet load(Path file) {
    Objects.requireNonNull(file, "file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RuleFileException(file.toString(), null, null, "cannot be read", e);
    }
    return parse(file.toString(), text);
  }

  /**
   * Loads rules from a class-path resource.
   *
   * @param resource the resource name, e.g. {@code /routing/example-rules.json}
   * @param owner the class whose module and loader find the resource
   * @return the compiled rules
   * @throws RuleFileException if the resource is missing or a rule is invalid
   */
  public static RuleSet fromResource(String resource, Class<?> owner) {
    try (InputStream in = owner.getResourceAsStream(resource)) {
      if (in == null) {
        throw new RuleFileException(resource, null, null, "not found", null);
      }
      return parse(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Parses rules from JSON text.
   *
   * @param file the name to report in errors
   * @param json the JSON text
   * @return the compiled rules
   * @throws RuleFileException if the JSON is malformed or a rule is invalid
   */
  public static RuleSet parse(String file, String json) {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(json, "json");
    JsonNode root;
    try {
      // a byte order mark, as editors on Windows write one, is no part of the JSON
      root = MAPPER.readTree(json.startsWith("\uFEFF") ? json.substring(1) : json);
    } catch (JsonProcessingException e) {
      // a stream limit (number length, nesting depth) is reported without a location
      JsonLocation at = e.getLocation();
      throw new RuleFileException(file, null, null, "not valid JSON" + (at == null ? "" : " at line " + at.getLineNr())
          + ": " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject() || !root.path("rules").isArray()) {
      throw new RuleFileException(file, null, "rules", "must be an object with an array \"rules\"", null);
    }
    for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (!FILE_FIELDS.contains(name)) {
        throw new RuleFileException(file, null, name, "unknown field", null);
      }
    }
    if (root.has("description") && !root.get("description").isTextual()) {
      throw new RuleFileException(file, null, "description", "must be a string", null);
    }
    List<Rule> rules = new ArrayList<>();
    Set<String> ids = new HashSet<>();
    int index = 0;
    for (JsonNode node : root.get("rules")) {
      Rule rule = rule(file, index++, node);
      if (!ids.add(rule.id())) {
        throw new RuleFileException(file, rule.id(), "id", "duplicate rule id", null);
      }
      rules.add(rule);
    }
    return RuleSet.of(rules);
  }

  private static Rule rule(String file, int index, JsonNode node) {
    String fallbackId = "#" + index;
    if (!node.isObject()) {
      throw new RuleFileException(file, fallbackId, null, "must be an object", null);
    }
    JsonNode idNode = node.get("id");
    if (idNode == null || !idNode.isTextual()) {
      throw new RuleFileException(file, fallbackId, "id", "must be a string", null);
    }
    String id = idNode.asText();
    Rule.Builder b;
    try {
      b = Rule.builder(id);
    } catch (IllegalArgumentException e) {
      throw new RuleFileException(file, fallbackId, "id", e.getMessage(), e);
    }
    Fields f = new Fields(file, id);
    f.known(node, RULE_FIELDS, "");
    f.optional(node, "description", "description", n -> f.text(n, "description"));
    f.optional(node, "priority", "priority", n -> b.priority(f.integer(n, "priority")));
    f.optional(node, "mode", "mode", n -> b.mode(f.enumValue(n, "mode", RuleMode.class)));
    JsonNode when = node.get("when");
    if (when != null) {
      if (!when.isObject()) {
        throw new RuleFileException(file, id, "when", "must be an object", null);
      }
      f.known(when, WHEN_FIELDS, "when.");
      f.optional(when, "channels", "when.channels",
          n -> b.channels(f.strings(n, "when.channels").stream().map(ChannelId::of).toList()));
      f.optional(when, "kinds", "when.kinds",
          n -> b.kind(f.enums(n, "when.kinds", InteractionKind.class).toArray(InteractionKind[]::new)));
      f.optional(when, "visibility", "when.visibility",
          n -> b.visibility(f.enumValue(n, "when.visibility", Visibility.class)));
      f.optional(when, "languages", "when.languages", n -> b.language(f.array(n, "when.languages")));
      f.optional(when, "keywords", "when.keywords", n -> b.keywords(f.array(n, "when.keywords")));
      f.optional(when, "excludedKeywords", "when.excludedKeywords",
          n -> b.excludedKeywords(f.array(n, "when.excludedKeywords")));
      f.optional(when, "intents", "when.intents", n -> b.intent(f.array(n, "when.intents")));
      f.optional(when, "regions", "when.regions", n -> b.region(f.array(n, "when.regions")));
      f.optional(when, "postcodePrefixes", "when.postcodePrefixes",
          n -> b.postcodePrefix(f.array(n, "when.postcodePrefixes")));
      f.optional(when, "products", "when.products", n -> b.product(f.array(n, "when.products")));
      f.optional(when, "campaigns", "when.campaigns", n -> b.campaign(f.array(n, "when.campaigns")));
      f.optional(when, "tags", "when.tags", n -> b.tagged(f.array(n, "when.tags")));
      f.optional(when, "hasOwner", "when.hasOwner", n -> b.hasOwner(f.bool(n, "when.hasOwner")));
      f.optional(when, "score", "when.score", n -> {
        f.known(n, Set.of("min", "max"), "when.score.");
        Integer min = n.has("min") ? f.integer(n.get("min"), "when.score.min") : null;
        Integer max = n.has("max") ? f.integer(n.get("max"), "when.score.max") : null;
        b.scoreBetween(min, max);
      });
      f.optional(when, "businessHours", "when.businessHours", n -> {
        f.known(n, Set.of("zone", "days", "opens", "closes", "inside"), "when.businessHours.");
        ZoneId zone = ZoneId.of(f.text(n.get("zone"), "when.businessHours.zone"));
        Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
        days.addAll(f.enums(n.get("days"), "when.businessHours.days", DayOfWeek.class));
        LocalTime opens = LocalTime.parse(f.text(n.get("opens"), "when.businessHours.opens"));
        LocalTime closes = LocalTime.parse(f.text(n.get("closes"), "when.businessHours.closes"));
        boolean inside = !n.has("inside") || f.bool(n.get("inside"), "when.businessHours.inside");
        b.businessHours(new BusinessHours(zone, days, opens, closes), inside);
      });
    }
    JsonNode then = node.get("then");
    if (then == null || !then.isObject()) {
      throw new RuleFileException(file, id, "then", "must be an object", null);
    }
    f.known(then, THEN_FIELDS, "then.");
    f.optional(then, "createLead", "then.createLead", n -> {
      if (f.bool(n, "then.createLead")) {
        b.createLead();
      }
    });
    f.optional(then, "createCase", "then.createCase", n -> {
      if (then.has("createLead") && then.get("createLead").asBoolean()) {
        throw new IllegalArgumentException("createCase and createLead exclude each other");
      }
      b.createCase(f.enumValue(n, "then.createCase", CaseType.class));
    });
    f.optional(then, "queue", "then.queue", n -> b.routeToQueue(f.text(n, "then.queue")));
    f.optional(then, "agent", "then.agent", n -> b.routeToAgent(f.text(n, "then.agent")));
    f.optional(then, "priority", "then.priority", n -> b.setPriority(f.enumValue(n, "then.priority", Priority.class)));
    f.optional(then, "score", "then.score", n -> b.addScore(f.integer(n, "then.score")));
    f.optional(then, "tags", "then.tags", n -> b.tag(f.array(n, "then.tags")));
    f.optional(then, "requireSkills", "then.requireSkills", n -> b.requireSkills(f.array(n, "then.requireSkills")));
    f.optional(then, "stop", "then.stop", n -> {
      if (f.bool(n, "then.stop")) {
        b.stop();
      }
    });
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      // the builder's message starts with what it is about: the rule's mode, or its actions (the
      // file's "then")
      String msg = Objects.requireNonNullElse(e.getMessage(), "invalid");
      int colon = msg.indexOf(':');
      String about = colon > 0 ? msg.substring(0, colon) : "then";
      throw new RuleFileException(file, id, about.equals("actions") ? "then" : about,
          colon > 0 ? msg.substring(colon + 1).strip() : msg, e);
    }
  }

  /** Typed reading of one rule's fields, failing with the file, rule and field named. */
  private record Fields(String file, String ruleId) {

    void known(JsonNode node, Set<String> allowed, String prefix) {
      if (!node.isObject()) {
        throw fail(prefix.isEmpty() ? "rule" : prefix.substring(0, prefix.length() - 1), "must be an object", null);
      }
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!allowed.contains(name)) {
          throw fail(prefix + name, "unknown field", null);
        }
      }
    }

    void optional(JsonNode parent, String name, String field, Consumer<JsonNode> apply) {
      JsonNode n = parent.get(name);
      if (n == null || n.isNull()) {
        return;
      }
      try {
        apply.accept(n);
      } catch (RuleFileException e) {
        throw e;
      } catch (RuntimeException e) {
        throw fail(field, Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()), e);
      }
    }

    RuleFileException fail(String field, String problem, @Nullable Throwable cause) {
      return new RuleFileException(file, ruleId, field, problem, cause);
    }

    int integer(JsonNode n, String field) {
      if (n == null || !n.isInt()) {
        throw fail(field, "must be an integer", null);
      }
      return n.intValue();
    }

    boolean bool(JsonNode n, String field) {
      if (n == null || !n.isBoolean()) {
        throw fail(field, "must be true or false", null);
      }
      return n.booleanValue();
    }

    String text(@Nullable JsonNode n, String field) {
      if (n == null || !n.isTextual() || n.asText().isBlank()) {
        throw fail(field, "must be a non-blank string", null);
      }
      return n.asText();
    }

    List<String> strings(@Nullable JsonNode n, String field) {
      if (n == null || !n.isArray() || n.isEmpty()) {
        throw fail(field, "must be a non-empty array of strings", null);
      }
      List<String> out = new ArrayList<>();
      for (JsonNode e : n) {
        out.add(text(e, field));
      }
      return out;
    }

    String[] array(JsonNode n, String field) {
      return strings(n, field).toArray(String[]::new);
    }

    <E extends Enum<E>> E enumValue(JsonNode n, String field, Class<E> type) {
      String v = text(n, field);
      for (E e : EnumSet.allOf(type)) {
        if (e.name().equals(v)) {
          return e;
        }
      }
      throw fail(field, "must be one of " + EnumSet.allOf(type) + ", was '" + v + "'", null);
    }

    <E extends Enum<E>> List<E> enums(@Nullable JsonNode n, String field, Class<E> type) {
      List<E> out = new ArrayList<>();
      for (String v : strings(n, field)) {
        out.add(enumValue(MAPPER.getNodeFactory().textNode(v), field, type));
      }
      return out;
    }
  }
}
