package io.scrm.core.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The queue against a list sorted by creation time and id. */
final class PendingQueueTest {
  private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");

  /** One entry of the model: a row, its id, conversation, creation time and next attempt. */
  private record Entry(int row, String id, String conversation, Instant created, Instant due) {}

  private static final Comparator<Entry> ORDER = Comparator.comparing(Entry::created).thenComparing(Entry::id);

  @Test
  void anySequenceOfAddsRemovesAndMoves_readsLikeASortedList() {
    // each operation: code % 3 picks add, remove or a new next attempt; code / 3 the values
    qt().withExamples(400).forAll(lists().of(integers().between(0, 3 * 1_000 - 1)).ofSizeBetween(0, 300))
        .checkAssert(operations -> {
          Map<Integer, Entry> model = new HashMap<>();
          PendingQueue queue = new PendingQueue((a, b) -> model.get(a).id().compareTo(model.get(b).id()));
          int nextRow = 0;
          List<Integer> freed = new ArrayList<>();
          for (int code : operations) {
            int v = code / 3;
            List<Entry> live = new ArrayList<>(model.values());
            if (code % 3 == 0 || live.isEmpty()) {
              // few times and conversations, so that they tie; ids not in row order; a removed row's
              // number is taken again now and then, as the outbox's slab does
              boolean reused = !freed.isEmpty() && v % 2 == 0;
              int row = reused ? freed.remove(freed.size() - 1) : nextRow++;
              Entry e = new Entry(row, "o" + (v * 7919 % 1000), "k" + v % 5, T0.plusSeconds(v % 4),
                  T0.plusSeconds(v / 4 % 6));
              if (model.values().stream().anyMatch(o -> o.id().equals(e.id()))) {
                if (reused) {
                  freed.add(row);
                }
                continue; // ids are unique
              }
              model.put(e.row(), e);
              queue.add(e.row(), e.created(), e.due(), e.conversation().hashCode() % 2);
            } else {
              Entry e = live.get(v % live.size());
              int at = queue.positionOf(e.row());
              assertThat(at).isNotNegative();
              assertThat(queue.row(at)).isEqualTo(e.row());
              if (code % 3 == 1) {
                queue.remove(at);
                model.remove(e.row());
                freed.add(e.row());
                assertThat(queue.positionOf(e.row())).isEqualTo(-1);
              } else {
                Entry moved = new Entry(e.row(), e.id(), e.conversation(), e.created(), T0.plusSeconds(v % 6));
                queue.setDue(at, moved.due());
                model.put(e.row(), moved);
              }
            }
          }
          List<Entry> sorted = model.values().stream().sorted(ORDER).toList();
          assertThat(queue.size()).isEqualTo(sorted.size());
          checkShape(queue);
          assertThat(rows(queue, queue.walk(T0, Integer.MAX_VALUE, true, (row, conversation) -> false)))
              .containsExactlyElementsOf(sorted.stream().map(Entry::row).toList());
          for (Entry e : sorted) {
            assertThat(queue.row(queue.positionOf(e.row()))).isEqualTo(e.row());
          }
          // the queue asks only about due rows, and passes each row's conversation hash
          PendingQueue.First first = (row, conversation) -> {
            Entry e = model.get(row);
            assertThat(conversation).isEqualTo(e.conversation().hashCode() % 2);
            return sorted.stream().filter(o -> o.conversation().equals(e.conversation())).findFirst().orElseThrow() == e;
          };
          for (int seconds = -1; seconds <= 6; seconds++) {
            Instant now = T0.plusSeconds(seconds);
            Set<String> older = new HashSet<>();
            List<Integer> due = sorted.stream()
                .filter(e -> older.add(e.conversation()) && !e.due().isAfter(now)).map(Entry::row).toList();
            for (int limit : new int[] {1, 3, 1_000}) {
              assertThat(rows(queue, queue.walk(now, limit, false, first)))
                  .containsExactlyElementsOf(due.subList(0, Math.min(limit, due.size())));
            }
          }
        });
  }

  @Test
  void aQueueThatStaysShortWhileMessagesPassThrough_keepsItsArraysShort() throws Exception {
    PendingQueue queue = new PendingQueue(Integer::compare);
    for (int row = 0; row < 100_100; row++) {
      queue.add(row, T0.plusMillis(row), T0, row);
      if (row >= 100) {
        // the oldest goes out first
        int oldest = row - 100;
        int at = queue.positionOf(oldest);
        assertThat(queue.row(at)).isEqualTo(oldest);
        queue.remove(at);
      }
    }
    assertThat(queue.size()).isEqualTo(100);
    java.lang.reflect.Field rows = PendingQueue.class.getDeclaredField("rows");
    rows.setAccessible(true);
    assertThat(((int[]) rows.get(queue)).length).isLessThanOrEqualTo(256);
  }

  @Test
  void aRemovalBetweenTheEnds_leavesEveryOtherEntryWhereItWas_untilHolesOutnumberTheLive() {
    PendingQueue queue = new PendingQueue(Integer::compare);
    int n = 1_000;
    for (int row = 0; row < n; row++) {
      queue.add(row, T0.plusMillis(row), T0, row);
    }
    int[] before = new int[n];
    for (int row = 0; row < n; row++) {
      before[row] = queue.positionOf(row);
    }
    // every third entry from the middle goes out: nothing moves
    List<Integer> left = new ArrayList<>();
    for (int row = 0; row < n; row++) {
      if (row > 100 && row < 900 && row % 3 == 0) {
        queue.remove(queue.positionOf(row));
      } else {
        left.add(row);
      }
    }
    for (int row : left) {
      assertThat(queue.positionOf(row)).isEqualTo(before[row]);
    }
    assertThat(queue.size()).isEqualTo(left.size());

    // once holes outnumber the live entries, they are squeezed out, and the order stays
    for (int row = 101; row < 900; row++) {
      int at = queue.positionOf(row);
      if (at >= 0) {
        queue.remove(at);
        left.remove(Integer.valueOf(row));
      }
    }
    assertThat(queue.positionOf(999)).isLessThan(before[999] - 700);
    assertThat(rows(queue, queue.walk(T0, Integer.MAX_VALUE, true, (row, conversation) -> true)))
        .containsExactlyElementsOf(left);
  }

  @Test
  void messagesPassingBehindOnesThatWait_fillTheHolesTheyLeave_andTheArraysStayShort() throws Exception {
    PendingQueue queue = new PendingQueue(Integer::compare);
    // the 100 oldest wait for a retry at the front; 100,000 newer ones go out behind them, some
    // created at the same millisecond, the oldest of them first
    Instant later = T0.plusSeconds(3_600);
    for (int row = 0; row < 100; row++) {
      queue.add(row, T0.plusMillis(row), later, row);
    }
    for (int row = 100; row < 100_100; row++) {
      queue.add(row, T0.plusMillis(row / 2 * 2), T0, row);
      if (row >= 150) {
        int gone = row - 50;
        int at = queue.positionOf(gone);
        assertThat(queue.row(at)).isEqualTo(gone);
        queue.remove(at);
      }
    }
    assertThat(queue.size()).isEqualTo(150);
    List<Integer> expected = new ArrayList<>();
    for (int row = 0; row < 100; row++) {
      expected.add(row);
    }
    for (int row = 100_050; row < 100_100; row++) {
      expected.add(row);
    }
    assertThat(rows(queue, queue.walk(T0, Integer.MAX_VALUE, true, (row, conversation) -> true)))
        .containsExactlyElementsOf(expected);
    assertThat(rows(queue, queue.walk(T0, 10, false, (row, conversation) -> true)))
        .containsExactly(100_050, 100_051, 100_052, 100_053, 100_054, 100_055, 100_056, 100_057, 100_058, 100_059);
    java.lang.reflect.Field rows = PendingQueue.class.getDeclaredField("rows");
    rows.setAccessible(true);
    assertThat(((int[]) rows.get(queue)).length).isLessThanOrEqualTo(512);
  }

  @Test
  void anInsertAmongTiesThatLandsInALongRunOfHoles_squeezesThemOut_andGoesToItsPlace() {
    Map<Integer, Integer> idOf = new HashMap<>();
    PendingQueue queue = new PendingQueue((a, b) -> Integer.compare(idOf.get(a), idOf.get(b)));
    idOf.put(10_000, -1);
    queue.add(10_000, T0, T0.plusSeconds(3_600), 0); // waits at the front
    for (int row = 0; row < 1_000; row++) {
      idOf.put(row, row);
      queue.add(row, T0.plusSeconds(1), T0, row);
    }
    for (int row = 200; row < 400; row++) {
      queue.remove(queue.positionOf(row)); // 200 holes in a row, fewer than the live entries
    }
    assertThat(field(queue, "holes")).isEqualTo(200);
    idOf.put(5_000, 250);
    queue.add(5_000, T0.plusSeconds(1), T0, 5_000);

    assertThat(field(queue, "holes")).isEqualTo(0);
    checkShape(queue);
    List<Integer> expected = new ArrayList<>(List.of(10_000));
    for (int row = 0; row < 1_000; row++) {
      if (row < 200 || row >= 400) {
        expected.add(row);
      }
      if (row == 399) {
        expected.add(5_000);
      }
    }
    assertThat(rows(queue, queue.walk(T0, Integer.MAX_VALUE, true, (row, conversation) -> true)))
        .containsExactlyElementsOf(expected);
  }

  /**
   * The queue's shape: times in order, holes included; live entries at both ends; the hole count
   * right; every live row's position right.
   */
  private static void checkShape(PendingQueue queue) {
    int head = field(queue, "head");
    int tail = field(queue, "tail");
    int[] rows = (int[]) get(queue, "rows");
    long[] seconds = (long[]) get(queue, "createdSeconds");
    int[] nanos = (int[]) get(queue, "createdNanos");
    int holes = 0;
    for (int at = head; at < tail; at++) {
      if (rows[at] < 0) {
        holes++;
      } else {
        assertThat(queue.positionOf(rows[at])).isEqualTo(at);
      }
      if (at > head) {
        assertThat(seconds[at - 1] < seconds[at] || seconds[at - 1] == seconds[at] && nanos[at - 1] <= nanos[at])
            .as("times in order at %d", at).isTrue();
      }
    }
    assertThat(field(queue, "holes")).isEqualTo(holes);
    if (head < tail) {
      assertThat(rows[head]).isNotNegative();
      assertThat(rows[tail - 1]).isNotNegative();
    } else {
      assertThat(head).isZero();
      assertThat(tail).isZero();
    }
  }

  private static int field(PendingQueue queue, String name) {
    return (int) get(queue, name);
  }

  private static Object get(PendingQueue queue, String name) {
    try {
      java.lang.reflect.Field f = PendingQueue.class.getDeclaredField(name);
      f.setAccessible(true);
      return f.get(queue);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  private static List<Integer> rows(PendingQueue queue, int[] positions) {
    List<Integer> rows = new ArrayList<>();
    for (int at : positions) {
      rows.add(queue.row(at));
    }
    return rows;
  }
}
