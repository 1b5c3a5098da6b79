package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class RuleFilesTest {
  private static final Instant AT = Instant.parse("2026-11-23T11:00:00Z");

  @Test
  void fromResource_exampleFile_decidesLikeTheBuiltExampleRules() {
    RuleSet loaded = RuleFiles.fromResource("/routing/example-rules.json", RuleFilesTest.class);
    RuleSet built = ExampleRules.ruleSet();
    assertThat(loaded.rules()).extracting(Rule::id).isEqualTo(built.rules().stream().map(Rule::id).toList());
    for (String text : List.of("Wir planen einen Neubau und suchen Beratung", "Störung seit 8 Uhr",
        "Frechheit, diese Abrechnung", "Hallo", "Bauherren gesucht: Angebot für Einfamilienhaus")) {
      for (ChannelId channel : List.of(ChannelId.X, ChannelId.EMAIL)) {
        RoutingRequest r = RoutingRequest.builder(channel, AT).language("de").kind(InteractionKind.MENTION)
            .visibility(Visibility.PUBLIC).campaign("HAUSBAU24").text(text).build();
        assertThat(loaded.decide(r)).isEqualTo(built.decide(r));
      }
    }
  }

  @Test
  void load_file_readsRules(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, "{\"rules\":[{\"id\":\"r1\",\"priority\":5,\"when\":{\"regions\":[\"nrw\"],"
        + "\"postcodePrefixes\":[\"50\"],\"score\":{\"min\":10},\"hasOwner\":true,\"businessHours\":"
        + "{\"zone\":\"Europe/Berlin\",\"days\":[\"MONDAY\"],\"opens\":\"08:00\",\"closes\":\"18:00\"}},"
        + "\"then\":{\"agent\":\"am-1\",\"stop\":true}}]}");
    RuleSet rules = RuleFiles.load(file);
    assertThat(rules.size()).isEqualTo(1);
    Rule r1 = rules.rules().get(0);
    assertThat(r1.conditions()).containsExactly(Condition.REGION, Condition.POSTCODE, Condition.SCORE,
        Condition.BUSINESS_HOURS, Condition.OWNER);
    assertThat(r1.agent()).isEqualTo("am-1");
  }

  private static RuleFileException fails(String json) {
    return catchThrowableOfType(RuleFileException.class, () -> RuleFiles.parse("rules.json", json));
  }

  @Test
  void parse_badRules_nameFileRuleAndField() {
    String good = "{\"id\":\"ok\",\"when\":{\"keywords\":[\"a\"]},\"then\":{\"queue\":\"q\"}}";
    RuleFileException e = fails("{\"rules\":[" + good + ",{\"id\":\"r2\",\"when\":{\"channels\":[\"X!\"]},"
        + "\"then\":{\"queue\":\"q\"}}]}");
    assertThat(e.file()).isEqualTo("rules.json");
    assertThat(e.ruleId()).isEqualTo("r2");
    assertThat(e.field()).isEqualTo("when.channels");
    assertThat(e).hasMessageStartingWith("rule file rules.json, rule r2, field when.channels: ");

    assertThat(fails("{\"rules\":[{\"id\":\"r3\",\"when\":{\"langauges\":[\"de\"]},\"then\":{\"queue\":\"q\"}}]}")
        .field()).isEqualTo("when.langauges");
    assertThat(fails("{\"rules\":[{\"id\":\"r4\",\"then\":{\"priority\":\"SUPER\"}}]}").field())
        .isEqualTo("then.priority");
    assertThat(fails("{\"rules\":[{\"id\":\"r5\",\"when\":{\"keywords\":[]},\"then\":{\"queue\":\"q\"}}]}").field())
        .isEqualTo("when.keywords");
    assertThat(fails("{\"rules\":[{\"id\":\"r6\",\"when\":{\"score\":{\"min\":9,\"max\":1}},\"then\":{\"queue\":\"q\"}}]}")
        .field()).isEqualTo("when.score");
    RuleFileException noAction = fails("{\"rules\":[{\"id\":\"r7\",\"when\":{\"keywords\":[\"a\"]},\"then\":{}}]}");
    assertThat(noAction.field()).isEqualTo("then");
    assertThat(noAction).hasMessage("rule file rules.json, rule r7, field then: "
        + "a first-match rule must create a lead or case, route or set a priority");
    assertThat(fails("{\"rules\":[{\"id\":\"r8\",\"priority\":1.5,\"then\":{\"queue\":\"q\"}}]}").field())
        .isEqualTo("priority");
    RuleFileException dup = fails("{\"rules\":[" + good + "," + good + "]}");
    assertThat(dup.ruleId()).isEqualTo("ok");
    assertThat(dup.field()).isEqualTo("id");
    RuleFileException noId = fails("{\"rules\":[" + good + ",{\"then\":{\"queue\":\"q\"}}]}");
    assertThat(noId.ruleId()).isEqualTo("#1");
    assertThat(noId.field()).isEqualTo("id");
  }

  @Test
  void parse_malformedJson_namesFileAndLine() {
    RuleFileException e = fails("{\"rules\": [\n{\"id\": }]}");
    assertThat(e.file()).isEqualTo("rules.json");
    assertThat(e.ruleId()).isNull();
    assertThat(e).hasMessageContaining("line 2");
    assertThat(fails("[]").field()).isEqualTo("rules");
  }

  /** The example of the class documentation, every field used once, loads. */
  @Test
  void parse_documentedExample_loads() {
    RuleSet rules = RuleFiles.parse("rules.json", """
        {"rules": [
          {"id": "lead-hausbau", "priority": 100, "mode": "FIRST_MATCH",
           "when": {"channels": ["x"], "kinds": ["MENTION"], "visibility": "PUBLIC", "languages": ["de"],
                    "keywords": ["Bauherr", "Hausbau"], "excludedKeywords": ["Störung"], "intents": ["purchase"],
                    "regions": ["nrw"], "postcodePrefixes": ["50"], "products": ["pv"],
                    "score": {"min": 10, "max": 50}, "campaigns": ["HAUSBAU24"], "hasOwner": false, "tags": ["vip"],
                    "businessHours": {"zone": "Europe/Berlin", "days": ["MONDAY"], "opens": "08:00",
                                      "closes": "18:00", "inside": true}},
           "then": {"createLead": true, "queue": "sales", "agent": "a1", "priority": "HIGH", "score": 20,
                    "tags": ["hausbau"], "requireSkills": ["baufinanzierung"], "stop": false}}
        ]}
        """);
    assertThat(rules.rules()).singleElement().satisfies(r -> assertThat(r.id()).isEqualTo("lead-hausbau"));
  }

  @Test
  void parse_numberOrNestingBeyondTheParsersLimits_isARuleFileError() {
    // the parser reports these limits without a location
    String longNumber = "{\"rules\": [{\"id\": \"r1\", \"priority\": " + "1".repeat(1_001)
        + ", \"then\": {\"queue\": \"q\"}}]}";
    assertThat(fails(longNumber)).hasMessageStartingWith("rule file rules.json").hasMessageContaining("not valid JSON");
    String deep = "{\"rules\": [" + "[".repeat(1_001) + "]".repeat(1_001) + "]}";
    assertThat(fails(deep)).hasMessageStartingWith("rule file rules.json").hasMessageContaining("not valid JSON");
  }

  @Test
  void parse_secondDocumentAfterTheRules_isRefusedWhole() {
    RuleFileException e = fails("{\"rules\": [{\"id\": \"outage\", \"when\": {\"keywords\": [\"Störung\"]},"
        + " \"then\": {\"queue\": \"entstoerung\"}}]}\n{\"rules\": [{\"id\": \"broken\", \"then\": {}}]}");
    assertThat(e).hasMessageContaining("line 2").hasMessageContaining("not valid JSON");
  }

  @Test
  void parse_fieldGivenTwice_isRefused_notReadAsItsLastValue() {
    // read leniently, the second "when" replaced the keyword condition: every X message would match
    RuleFileException e = fails("{\"rules\": [{\"id\": \"outage\", \"when\": {\"keywords\": [\"Störung\"]},"
        + " \"then\": {\"queue\": \"entstoerung\"}, \"when\": {\"channels\": [\"x\"]}}]}");
    assertThat(e).hasMessageContaining("when");
  }

  @Test
  void load_missingFile_fails(@TempDir Path dir) {
    RuleFileException e = catchThrowableOfType(RuleFileException.class, () -> RuleFiles.load(dir.resolve("no.json")));
    assertThat(e.file()).endsWith("no.json");
  }

  @Test
  void parse_ruleThatCanNeverTakeEffect_isRefused() {
    // "-de" has no primary language: no message would ever match it
    assertThat(fails("{\"rules\":[{\"id\":\"r1\",\"when\":{\"languages\":[\"-de\"]},\"then\":{\"queue\":\"q\"}}]}")
        .field()).isEqualTo("when.languages");
    RuleFileException idle = fails("{\"rules\":[{\"id\":\"r2\",\"mode\":\"ALL_MATCH\",\"then\":{}}]}");
    assertThat(idle.field()).isEqualTo("then");
    assertThat(idle).hasMessageContaining("an all-match rule must score, tag, set a priority or stop");
    assertThat(fails("{\"rules\":[{\"id\":\"r3\",\"mode\":\"ALL_MATCH\",\"then\":{\"queue\":\"q\"}}]}"))
        .hasMessage("rule file rules.json, rule r3, field mode: an all-match rule may only score, tag, set a priority "
            + "or stop");
  }

  @Test
  void parse_fieldsBesideTheRules_areCheckedToo() {
    RuleFileException misspelt = fails("{\"rules\":[],\"rulez\":[{\"id\":\"r1\",\"then\":{\"queue\":\"q\"}}]}");
    assertThat(misspelt.field()).isEqualTo("rulez");
    assertThat(misspelt).hasMessageContaining("unknown field");
    assertThat(RuleFiles.parse("rules.json", "{\"description\":\"Vertrieb NRW\",\"rules\":[]}").size()).isZero();
    assertThat(fails("{\"description\":{\"x\":1},\"rules\":[]}").field()).isEqualTo("description");
    assertThat(fails("{\"rules\":[{\"id\":\"r1\",\"description\":7,\"then\":{\"queue\":\"q\"}}]}").field())
        .isEqualTo("description");
  }

  @Test
  void load_fileSavedWithAByteOrderMark_loadsLikeOneWithout(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("rules.json");
    Files.writeString(file, "\uFEFF{\"rules\":[{\"id\":\"r1\",\"then\":{\"queue\":\"q\"}}]}");
    assertThat(RuleFiles.load(file).rules()).extracting(Rule::id).containsExactly("r1");
  }
}
