package io.scrm.core.routing;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;

/** Random rules and requests over a small vocabulary, so that matches, ties and near misses are common. */
final class RoutingGenerators {
  static final ChannelId[] CHANNELS = {ChannelId.X, ChannelId.MASTODON, ChannelId.EMAIL};
  static final String[] LANGUAGES = {"de", "en", "fr"};
  static final String[] REGIONS = {"nrw", "by", "be"};
  static final String[] KEYWORDS = {"Strom", "Hausbau", "Störung", "Berater", "Angebot", "kein Strom", "Bauherren"};
  static final String[] WORDS = {"strom", "hausbau", "stoerungen", "Berater", "angebote", "kein", "bauherr", "hallo",
      "köln", "Rechnung"};
  static final String[] TAGS = {"vip", "press"};
  static final Instant AT = Instant.parse("2026-11-23T11:00:00Z");

  private RoutingGenerators() {}

  private static <T> T pick(RandomnessSource in, T[] values) {
    return values[integers().between(0, values.length - 1).generate(in)];
  }

  private static boolean chance(RandomnessSource in, int percent) {
    return integers().between(1, 100).generate(in) <= percent;
  }

  static Gen<Rule> rule(int index) {
    return in -> {
      Rule.Builder b = Rule.builder("r" + index).priority(integers().between(0, 4).generate(in));
      if (chance(in, 40)) {
        b.channel(pick(in, CHANNELS));
        if (chance(in, 30)) {
          b.channel(pick(in, CHANNELS));
        }
      }
      if (chance(in, 40)) {
        b.language(pick(in, LANGUAGES));
      }
      if (chance(in, 40)) {
        b.region(pick(in, REGIONS));
      }
      if (chance(in, 50)) {
        b.keywords(pick(in, KEYWORDS));
        if (chance(in, 30)) {
          b.keywords(pick(in, KEYWORDS));
        }
      }
      if (chance(in, 15)) {
        b.excludedKeywords(pick(in, KEYWORDS));
      }
      if (chance(in, 15)) {
        b.kind(pick(in, InteractionKind.values()));
      }
      if (chance(in, 15)) {
        b.visibility(pick(in, Visibility.values()));
      }
      if (chance(in, 15)) {
        int min = integers().between(0, 50).generate(in);
        b.scoreBetween(min, min + integers().between(0, 50).generate(in));
      }
      if (chance(in, 10)) {
        b.postcodePrefix(pick(in, new String[] {"5", "50", "8"}));
      }
      if (chance(in, 10)) {
        b.tagged(pick(in, TAGS));
      }
      if (chance(in, 10)) {
        b.hasOwner(booleans().all().generate(in));
      }
      if (chance(in, 20)) {
        b.mode(RuleMode.ALL_MATCH).addScore(integers().between(-5, 20).generate(in)).tag("t" + index);
      } else {
        b.routeToQueue("q" + integers().between(0, 3).generate(in));
      }
      return b.build();
    };
  }

  static Gen<List<Rule>> rules(int max) {
    return in -> {
      int n = integers().between(0, max).generate(in);
      List<Rule> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(rule(i).generate(in));
      }
      return out;
    };
  }

  static Gen<RoutingRequest> request() {
    return in -> {
      StringBuilder text = new StringBuilder();
      int words = integers().between(0, 8).generate(in);
      for (int i = 0; i < words; i++) {
        text.append(pick(in, WORDS)).append(chance(in, 20) ? ", " : " ");
      }
      return RoutingRequest.builder(pick(in, CHANNELS), AT)
          .language(chance(in, 80) ? pick(in, LANGUAGES) : null)
          .region(chance(in, 80) ? pick(in, REGIONS) : null)
          .kind(pick(in, InteractionKind.values()))
          .visibility(pick(in, Visibility.values()))
          .leadScore(integers().between(0, 100).generate(in))
          .postalCode(chance(in, 50) ? pick(in, new String[] {"50667", "80331", "10115"}) : null)
          .tags(chance(in, 30) ? Set.of(pick(in, TAGS)) : Set.of())
          .owner(chance(in, 30) ? "agent-1" : null)
          .text(text.toString())
          .build();
    };
  }

  static Gen<List<RoutingRequest>> requests(int n) {
    return in -> {
      List<RoutingRequest> out = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        out.add(request().generate(in));
      }
      return out;
    };
  }
}
