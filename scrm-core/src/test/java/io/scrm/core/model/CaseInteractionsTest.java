package io.scrm.core.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.lang.reflect.Field;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case keeps its interactions' ids end to end in one array; they read back as the list they were. */
final class CaseInteractionsTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  /**
   * Ids of every shape: two with the same hash ("Aa", "BB"), one a prefix of another, Latin-1 beyond
   * ASCII, beyond Latin-1, a lone surrogate, and two of the same hash and length of which one is
   * Latin-1 and the other not (31 * 0x100 + 'b' = 31 * 0xFF + 0x81).
   */
  private static final List<String> VALUES = List.of("telegram:Aa", "telegram:BB", "telegram:1", "telegram:12",
      "email:<grüße@köln.example>", "x:🏠-1", "mastodon:109", "telegram:121", "x:Ωmega", "x:\uDC00lone",
      "x:\u0100b", "x:\u00FF\u0081");

  private static Case caseWith(List<InteractionId> interactions) {
    return new Case(CaseId.of("k"), ContactId.of("c"), CaseType.COMPLAINT, ChannelId.TELEGRAM, "t", CaseState.NEW,
        true, Priority.NORMAL, null, null, 0, interactions, List.of(), List.of(), T0, T0, 0);
  }

  private static AuditEntry added(int step) {
    return new AuditEntry(T0.plusSeconds(step), Actor.system("test"), "INTERACTION_ADDED", null, null, null, null,
        null);
  }

  @Test
  void builtOrGrown_readsBackAsTheListOfIds() {
    qt().withExamples(300).forAll(lists().of(integers().between(0, VALUES.size() - 1)).ofSizeBetween(0, 12),
        integers().between(0, 12)).checkAssert((picks, cut) -> {
          List<InteractionId> ids = new ArrayList<>();
          for (int pick : picks) {
            InteractionId id = new InteractionId(VALUES.get(pick));
            if (!ids.contains(id)) {
              ids.add(id);
            }
          }
          int given = Math.min(cut, ids.size());
          Case grown = caseWith(ids.subList(0, given));
          for (int i = given; i < ids.size(); i++) {
            grown = grown.withInteraction(ids.get(i), added(i));
          }
          Case built = caseWith(ids);
          for (Case c : List.of(built, grown)) {
            List<InteractionId> read = c.interactions();
            assertThat(read).isEqualTo(ids).hasSameHashCodeAs(ids);
            assertThat(ids).isEqualTo(read);
            assertThat(new ArrayList<>(read)).isEqualTo(ids);
            for (String value : VALUES) {
              InteractionId id = new InteractionId(value);
              assertThat(read.indexOf(id)).isEqualTo(ids.indexOf(id));
              assertThat(read.contains(id)).isEqualTo(ids.contains(id));
            }
            for (int k = 0; k <= ids.size(); k++) {
              assertThat(read.subList(0, k)).isEqualTo(ids.subList(0, k));
              assertThat(ids.subList(0, k)).isEqualTo(read.subList(0, k));
            }
            assertThat(read.contains("telegram:1")).isFalse(); // a string is not an id
          }
          assertThat(built.interactions()).isEqualTo(grown.interactions());
          if (!ids.isEmpty()) {
            assertThat(built.withInteraction(ids.get(0), added(99))).isSameAs(built);
          }
        });
  }

  @Test
  void aPrefix_growsIntoAListOfItsOwn() {
    InteractionId a = new InteractionId("telegram:1");
    InteractionId b = new InteractionId("telegram:2");
    InteractionId c = new InteractionId("telegram:3");
    Case abc = caseWith(List.of(a, b, c));
    // a case built from a prefix of another case's list must not see the longer list's rest
    Case ab = caseWith(abc.interactions().subList(0, 2));
    Case abx = ab.withInteraction(new InteractionId("telegram:x"), added(1));

    assertThat(ab.interactions()).containsExactly(a, b);
    assertThat(abx.interactions()).containsExactly(a, b, new InteractionId("telegram:x"));
    assertThat(abx.interactions().contains(c)).isFalse();
    assertThat(abc.interactions()).containsExactly(a, b, c);
    assertThat(abc.interactions().subList(1, 3)).containsExactly(b, c);
  }

  @Test
  void aCaseBuiltFromAPrefix_keepsOnlyItsOwnIds() throws ReflectiveOperationException {
    List<InteractionId> many = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      many.add(new InteractionId("telegram:" + 1_000_000 + i));
    }
    Case all = caseWith(many);
    Case two = caseWith(all.interactions().subList(0, 2));
    Case none = caseWith(all.interactions().subList(0, 0));

    assertThat(two.interactions()).containsExactly(many.get(0), many.get(1));
    assertThat(none.interactions()).isEmpty();
    assertThat(keptBytes(two.interactions())).isEqualTo(2 * 8 + 2 * "telegram:1000000".length() + 2);
    assertThat(keptBytes(none.interactions())).isZero();
    assertThat(keptBytes(all.interactions())).isEqualTo(50 * 8 + 50 * "telegram:1000000".length() + 40 * 2 + 10);
    // the prefix itself still shares the longer list's array while it is only compared
    assertThat(keptBytes(all.interactions().subList(0, 2))).isEqualTo(keptBytes(all.interactions()));
  }

  /** The length of the array a case's list of ids keeps. */
  private static int keptBytes(List<InteractionId> ids) throws ReflectiveOperationException {
    Field data = ids.getClass().getDeclaredField("data");
    data.setAccessible(true);
    return ((byte[]) data.get(ids)).length;
  }

  @Test
  void nullsAndDuplicates_areRefused() {
    InteractionId a = new InteractionId("telegram:1");
    List<InteractionId> withNull = new ArrayList<>();
    withNull.add(null);
    assertThatThrownBy(() -> caseWith(withNull)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("null");
    assertThatThrownBy(() -> caseWith(List.of(a, new InteractionId("telegram:1"))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicates");
    assertThatThrownBy(() -> caseWith(List.of(a)).interactions().get(1))
        .isInstanceOf(IndexOutOfBoundsException.class);
  }
}
