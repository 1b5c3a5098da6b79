package io.scrm.benchmarks.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

final class ClassHistogramTest {
  private static final String BEFORE = """
      12345:
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:           100           4000  [B (java.base@17.0.15)
         2:            10            240  java.lang.String (java.base@17.0.15)
         3:             5            120  io.scrm.Gone
      Total           115           4360
      """;
  private static final String AFTER = """
       num     #instances         #bytes  class name (module)
      -------------------------------------------------------
         1:           300          12000  [B (java.base@17.0.15)
         2:            50           1200  java.lang.String (java.base@17.0.15)
         3:            20            320  io.scrm.New
         4:             1             16  java.lang.String (other.module)
      Total           371          13536
      """;

  @Test
  void parse_readsRowsAndMergesAClassNamedTwice_ignoresHeaderAndTotal() {
    Map<String, long[]> after = ClassHistogram.parse(AFTER);

    assertThat(after).containsOnlyKeys("[B", "java.lang.String", "io.scrm.New");
    assertThat(after.get("[B")).containsExactly(300, 12000);
    assertThat(after.get("java.lang.String")).containsExactly(51, 1216);
  }

  @Test
  void addedAndTop_countOnlyWhatWasAdded_mostObjectsFirst() {
    Map<String, long[]> before = ClassHistogram.parse(BEFORE);
    Map<String, long[]> after = ClassHistogram.parse(AFTER);

    // 200 arrays + 41 strings + 20 new - 5 gone
    assertThat(ClassHistogram.added(after, before)).isEqualTo(256);
    assertThat(ClassHistogram.top(after, before, 10, 2)).hasSize(2).satisfiesExactly(
        first -> assertThat(first).startsWith("[B ").contains(" 20.00 objects").contains(" 800 bytes per event"),
        second -> assertThat(second).startsWith("java.lang.String ").contains(" 4.10 objects"));
  }

  @Test
  void take_onHotSpot_countsLiveStrings() {
    Map<String, long[]> live = ClassHistogram.take();

    assertThat(live).containsKey("java.lang.String");
    assertThat(live.get("java.lang.String")[0]).isPositive();
  }
}
