package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IntakeDecision;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Priority;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class RuleSetTest {
  private static final Instant MONDAY_NOON = Instant.parse("2026-11-23T11:00:00Z");
  private static final Instant SUNDAY_NOON = Instant.parse("2026-11-22T11:00:00Z");

  private static RoutingRequest text(String text) {
    return RoutingRequest.builder(ChannelId.X, MONDAY_NOON).language("de-DE").text(text).build();
  }

  private static Rule keywordRule(String id, int priority, String... keywords) {
    return Rule.builder(id).priority(priority).keywords(keywords).routeToQueue("q-" + id).build();
  }

  @Test
  void keywords_foldCaseAndUmlauts_match() {
    RuleSet rules = RuleSet.of(keywordRule("outage", 1, "Störung"));
    assertThat(rules.firstMatch(text("STOERUNG in Köln"))).isNotNull();
    assertThat(rules.firstMatch(text("wieder eine störung!"))).isNotNull();
  }

  @Test
  void keywords_umlautAsLetterAndCombiningMark_matchesLikeTheComposedOne() {
    RuleSet rules = RuleSet.of(keywordRule("outage", 1, "Störung"));
    // "Sto\u0308rung": o followed by U+0308 COMBINING DIAERESIS, as some keyboards send it
    assertThat(rules.firstMatch(text("Sto\u0308rung in Ko\u0308ln-Nippes"))).isNotNull();
    assertThat(rules.firstMatch(text("STO\u0308RUNG"))).isNotNull();
    assertThat(RuleSet.of(keywordRule("nippes", 1, "Köln")).firstMatch(text("Ko\u0308ln"))).isNotNull();
  }

  @Test
  void keywords_matchAtWordBoundariesOnly() {
    RuleSet rules = RuleSet.of(keywordRule("bau", 1, "Bau"));
    assertThat(rules.firstMatch(text("der Bau beginnt"))).isNotNull();
    assertThat(rules.firstMatch(text("Baumarkt und Abbau"))).isNull();
  }

  @Test
  void keywords_stemmed_matchPluralAndInflection() {
    RuleSet rules = RuleSet.of(keywordRule("lead", 1, "Bauherr"), keywordRule("outage", 2, "Störungen"));
    assertThat(rules.firstMatch(text("Wir sind Bauherren in Köln")).id()).isEqualTo("lead");
    assertThat(rules.firstMatch(text("eine Störung seit heute")).id()).isEqualTo("outage");
  }

  @Test
  void keywords_phrase_needsConsecutiveWords() {
    RuleSet rules = RuleSet.of(keywordRule("power", 1, "kein Strom"));
    assertThat(rules.firstMatch(text("Seit 8 Uhr kein Strom mehr"))).isNotNull();
    assertThat(rules.firstMatch(text("Strom ist kein Problem"))).isNull();
  }

  @Test
  void excludedKeywords_veto() {
    RuleSet rules = RuleSet.of(Rule.builder("lead").keywords("Hausbau").excludedKeywords("Beschwerde")
        .createLead().build());
    assertThat(rules.firstMatch(text("Hausbau Beratung gesucht"))).isNotNull();
    assertThat(rules.firstMatch(text("Beschwerde zum Hausbau"))).isNull();
  }

  @Test
  void firstMatch_higherPriorityWins_tiesKeepOrder() {
    RuleSet rules = RuleSet.of(keywordRule("low", 1, "strom"), keywordRule("high", 5, "strom"),
        keywordRule("high-second", 5, "strom"));
    assertThat(rules.firstMatch(text("strom")).id()).isEqualTo("high");
    assertThat(rules.rules()).extracting(Rule::id).containsExactly("high", "high-second", "low");
  }

  @Test
  void conditions_eachRestrictsTheMatch() {
    RoutingRequest.Builder base = RoutingRequest.builder(ChannelId.MASTODON, MONDAY_NOON)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de").text("Hallo")
        .region("nrw").postalCode("50667").product("pv").campaign("C1").leadScore(40).tags(Set.of("vip"))
        .intents(Set.of("purchase")).owner("am-1");
    Rule all = Rule.builder("all").channel(ChannelId.MASTODON).kind(InteractionKind.MENTION)
        .visibility(Visibility.PUBLIC).language("de").region("nrw").postcodePrefix("50").product("pv")
        .campaign("C1").scoreBetween(30, 50).tagged("vip").intent("purchase").hasOwner(true)
        .businessHours(BusinessHours.germanOffice(), true).routeToQueue("q").build();
    RuleSet rules = RuleSet.of(all);
    assertThat(rules.firstMatch(base.build())).isSameAs(all);
    assertThat(all.failedCondition(base.build())).isNull();
    assertThat(all.failedCondition(copy(base).kind(InteractionKind.DIRECT).build())).isEqualTo(Condition.KIND);
    assertThat(all.failedCondition(copy(base).visibility(Visibility.PRIVATE).build())).isEqualTo(Condition.VISIBILITY);
    assertThat(all.failedCondition(copy(base).language("en").build())).isEqualTo(Condition.LANGUAGE);
    assertThat(all.failedCondition(copy(base).intents(Set.of()).build())).isEqualTo(Condition.INTENT);
    assertThat(all.failedCondition(copy(base).region("by").build())).isEqualTo(Condition.REGION);
    assertThat(all.failedCondition(copy(base).postalCode("80331").build())).isEqualTo(Condition.POSTCODE);
    assertThat(all.failedCondition(copy(base).product("gas").build())).isEqualTo(Condition.PRODUCT);
    assertThat(all.failedCondition(copy(base).leadScore(51).build())).isEqualTo(Condition.SCORE);
    assertThat(all.failedCondition(copy(base).campaign(null).build())).isEqualTo(Condition.CAMPAIGN);
    assertThat(all.failedCondition(copy(base).owner(null).build())).isEqualTo(Condition.OWNER);
    assertThat(all.failedCondition(copy(base).tags(Set.of()).build())).isEqualTo(Condition.TAGS);
    RoutingRequest sunday = RoutingRequest.builder(ChannelId.MASTODON, SUNDAY_NOON).kind(InteractionKind.MENTION)
        .visibility(Visibility.PUBLIC).language("de").region("nrw").postalCode("50667").product("pv")
        .campaign("C1").leadScore(40).tags(Set.of("vip")).intents(Set.of("purchase")).owner("am-1").build();
    assertThat(all.failedCondition(sunday)).isEqualTo(Condition.BUSINESS_HOURS);
    assertThat(rules.firstMatch(RoutingRequest.builder(ChannelId.X, MONDAY_NOON).build())).isNull();
  }

  private static RoutingRequest.Builder copy(RoutingRequest.Builder b) {
    // builders are mutable: each check starts from the same facts
    return RoutingRequest.builder(ChannelId.MASTODON, MONDAY_NOON).kind(InteractionKind.MENTION)
        .visibility(Visibility.PUBLIC).language("de").text("Hallo").region("nrw").postalCode("50667")
        .product("pv").campaign("C1").leadScore(40).tags(Set.of("vip")).intents(Set.of("purchase")).owner("am-1");
  }

  @Test
  void decide_explainsWinnerAndLosers() {
    RuleSet rules = RuleSet.of(
        Rule.builder("nrw-mentions").priority(50).region("nrw").kind(InteractionKind.MENTION).keywords("hausbau").createLead().routeToQueue("a").build(),
        Rule.builder("lead").priority(10).keywords("hausbau").createLead().routeToQueue("sales")
            .setPriority(Priority.HIGH).addScore(20).tag("hausbau").build(),
        Rule.builder("fallback").priority(1).channel(ChannelId.X).createCase(CaseType.QUESTION).routeToQueue("s")
            .build(),
        Rule.builder("score").mode(RuleMode.ALL_MATCH).keywords("Berater").addScore(15).tag("advice").build());
    RoutingDecision d = rules.decide(RoutingRequest.builder(ChannelId.X, MONDAY_NOON).region("nrw")
        .text("Hausbau: suche Berater").build());
    assertThat(d.target()).isEqualTo(IntakeDecision.Target.LEAD);
    assertThat(d.queue()).isEqualTo("sales");
    assertThat(d.priority()).isEqualTo(Priority.HIGH);
    assertThat(d.scorePoints()).isEqualTo(35);
    assertThat(d.tags()).containsExactly("hausbau", "advice");
    Explanation e = d.explanation();
    assertThat(e.ruleId()).isEqualTo("lead");
    assertThat(e.matched()).containsExactly(Condition.KEYWORDS);
    assertThat(e.lost()).containsExactly(new Explanation.Loser("nrw-mentions", Condition.KIND, null),
        new Explanation.Loser("fallback", null, "lead"));
    assertThat(e.applied()).containsExactly("score");
    assertThat(e.summary()).isEqualTo(
        "rule lead matched [KEYWORDS]; lost: nrw-mentions failed KIND, fallback outranked by lead; applied: [score]");
    assertThat(e.summary()).doesNotContain("Berater");
  }

  @Test
  void decide_noMatch_givesUnroutedQuestionCase() {
    RoutingDecision d = RuleSet.of(keywordRule("x", 1, "strom")).decide(text("Guten Tag"));
    assertThat(d.target()).isEqualTo(IntakeDecision.Target.CASE);
    assertThat(d.caseType()).isEqualTo(CaseType.QUESTION);
    assertThat(d.queue()).isNull();
    assertThat(d.explanation().ruleId()).isNull();
  }

  @Test
  void allMatch_stopEndsEvaluation() {
    RuleSet rules = RuleSet.of(
        Rule.builder("a").mode(RuleMode.ALL_MATCH).priority(3).keywords("x1").addScore(1).stop().build(),
        Rule.builder("b").mode(RuleMode.ALL_MATCH).priority(2).keywords("x1").addScore(10).build());
    assertThat(rules.decide(text("x1")).scorePoints()).isEqualTo(1);
    assertThat(rules.decide(text("x1")).explanation().applied()).containsExactly("a");
  }

  @Test
  void of_duplicateIds_rejected() {
    assertThatThrownBy(() -> RuleSet.of(keywordRule("a", 1, "x"), keywordRule("a", 2, "y")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate rule id a");
  }

  @Test
  void builder_invalidValues_nameTheField() {
    assertThatThrownBy(() -> Rule.builder("bad id")).hasMessageContaining("id must match");
    assertThatThrownBy(() -> Rule.builder("r").keywords("  ")).hasMessageContaining("keywords");
    assertThatThrownBy(() -> Rule.builder("r").scoreBetween(5, 1)).hasMessageContaining("score");
    assertThatThrownBy(() -> Rule.builder("r").addScore(5000)).hasMessageContaining("scorePoints");
    assertThatThrownBy(() -> Rule.builder("r").keywords("x").build()).hasMessageContaining("actions");
    assertThatThrownBy(() -> Rule.builder("r").mode(RuleMode.ALL_MATCH).createLead().build())
        .hasMessageContaining("mode");
    assertThatThrownBy(() -> Rule.builder("r").mode(RuleMode.ALL_MATCH).keywords("x").build())
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("an all-match rule must score");
    assertThatThrownBy(() -> Rule.builder("r").language("-AT"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'-AT'");
    assertThat(Rule.builder("r").mode(RuleMode.ALL_MATCH).keywords("x").stop().build().mode())
        .isEqualTo(RuleMode.ALL_MATCH);
  }

  @Test
  void exampleRules_routeHouseBuilderToSalesAndOutageToService() {
    RuleSet rules = ExampleRules.ruleSet();
    RoutingDecision lead = rules.decide(RoutingRequest.builder(ChannelId.X, MONDAY_NOON).language("de")
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).campaign(ExampleRules.CAMPAIGN)
        .text("Wir bauen ein Einfamilienhaus in Köln und suchen einen Berater für die Heizung").build());
    assertThat(lead.target()).isEqualTo(IntakeDecision.Target.LEAD);
    assertThat(lead.queue()).isEqualTo(ExampleRules.SALES);
    assertThat(lead.scorePoints()).isEqualTo(20 + 20 + 15);
    RoutingDecision outage = rules.decide(text("Seit heute früh kein Strom in 50667!"));
    assertThat(outage.caseType()).isEqualTo(CaseType.OUTAGE_REPORT);
    assertThat(outage.queue()).isEqualTo(ExampleRules.OUTAGE);
    RoutingDecision complaint = rules.decide(text("Ich bin sehr unzufrieden mit der Abrechnung"));
    assertThat(complaint.caseType()).isEqualTo(CaseType.COMPLAINT);
    assertThat(complaint.queue()).isEqualTo(ExampleRules.COMPLAINTS);
  }

  @Test
  void builderListsAndRuleSet_withANullElementOrArray_refusedNamingTheField() {
    assertThatThrownBy(() -> Rule.builder("r").keywords("Neubau", null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keywords");
    assertThatThrownBy(() -> Rule.builder("r").intent((String) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("intents");
    assertThatThrownBy(() -> Rule.builder("r").keywords((String[]) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keywords");
    assertThatThrownBy(() -> RuleSet.of(java.util.Arrays.asList(Rule.builder("r").routeToQueue("q").build(), null)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rules");
  }
}
