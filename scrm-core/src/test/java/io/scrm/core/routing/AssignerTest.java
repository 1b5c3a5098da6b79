package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

final class AssignerTest {

  private static Assigner team(int k, int capacity, AssignmentStrategy strategy) {
    Assigner.Builder b = Assigner.builder();
    List<String> members = new ArrayList<>();
    for (int i = 0; i < k; i++) {
      b.agent(new Agent("a" + i, Set.of("strom"), capacity));
      members.add("a" + i);
    }
    return b.team(new Team("t", members, strategy, Duration.ofMinutes(10))).build();
  }

  private static void assertFair(Map<String, Integer> counts, int n, int k) {
    assertThat(counts.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(n);
    assertThat(counts).hasSize(Math.min(n, k));
    for (int c : counts.values()) {
      assertThat(c).isBetween(n / k, (n + k - 1) / k);
    }
  }

  @Test
  void roundRobin_nItemsOverKAgents_eachGetsFloorOrCeil() {
    qt().forAll(integers().between(1, 12), integers().between(0, 300)).checkAssert((k, n) -> {
      Assigner a = team(k, Integer.MAX_VALUE, AssignmentStrategy.ROUND_ROBIN);
      Map<String, Integer> counts = new ConcurrentHashMap<>();
      for (int i = 0; i < n; i++) {
        counts.merge(a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow(), 1, Integer::sum);
      }
      assertFair(counts, n, k);
    });
  }

  @Test
  void roundRobin_concurrentCallers_eachGetsFloorOrCeil() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      for (int[] kn : new int[][] {{3, 1000}, {7, 2001}, {1, 50}, {5, 4}}) {
        int k = kn[0];
        int n = kn[1];
        Assigner a = team(k, Integer.MAX_VALUE, AssignmentStrategy.ROUND_ROBIN);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        AtomicInteger left = new AtomicInteger(n);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
          done.add(pool.submit(() -> {
            start.await();
            while (left.getAndDecrement() > 0) {
              counts.merge(a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow(), 1, Integer::sum);
            }
            return null;
          }));
        }
        start.countDown();
        for (Future<?> f : done) {
          f.get();
        }
        assertFair(counts, n, k);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void roundRobin_agentAtCapacity_nextInTurnGetsTheItem() {
    Assigner a = team(3, 1, AssignmentStrategy.ROUND_ROBIN);
    assertThat(a.assign("t", Set.of(), null, Duration.ZERO)).contains("a0");
    assertThat(a.assign("t", Set.of(), null, Duration.ZERO)).contains("a1");
    assertThat(a.assign("t", Set.of(), null, Duration.ZERO)).contains("a2");
  }

  @Test
  void roundRobin_agentsComingAndGoing_pickTheNextEligibleMemberAfterTheLastOne() {
    qt().forAll(integers().between(2, 6), lists().of(integers().between(0, 99)).ofSizeBetween(1, 80))
        .checkAssert((k, ops) -> {
          Assigner a = team(k, 2, AssignmentStrategy.ROUND_ROBIN);
          int last = k - 1;
          for (int op : ops) {
            String agent = "a" + op % k;
            if (op < 20) {
              a.state().setAvailability(agent, op % 2 == 0 ? Availability.AWAY : Availability.AVAILABLE);
            } else if (op < 40) {
              a.release(agent);
            } else {
              Integer expected = null;
              for (int i = 1; i <= k && expected == null; i++) {
                int candidate = (last + i) % k;
                String id = "a" + candidate;
                if (a.state().availability(id) == Availability.AVAILABLE && a.state().load(id) < 2) {
                  expected = candidate;
                }
              }
              Optional<String> got = a.assign("t", Set.of(), null, Duration.ZERO);
              if (expected == null) {
                assertThat(got).isEmpty();
              } else {
                assertThat(got).contains("a" + expected);
                last = expected;
              }
            }
          }
        });
  }

  @Test
  void roundRobin_agentsTakingTurnsAtCapacity_shareTheItemsEvenly() {
    Assigner a = team(3, 1, AssignmentStrategy.ROUND_ROBIN);
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    for (int i = 0; i < 300; i++) {
      String first = a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow();
      String second = a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow();
      counts.merge(first, 1, Integer::sum);
      counts.merge(second, 1, Integer::sum);
      a.release(first);
      a.release(second);
    }
    assertThat(counts).containsOnly(Map.entry("a0", 200), Map.entry("a1", 200), Map.entry("a2", 200));
  }

  @Test
  void capacity_concurrentAssignAndRelease_neverExceeded() throws Exception {
    for (AssignmentStrategy strategy : AssignmentStrategy.values()) {
      Assigner a = team(4, 3, strategy);
      Map<String, AtomicInteger> held = new ConcurrentHashMap<>();
      AtomicInteger maxSeen = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int seed = t;
        done.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < 5_000; i++) {
            Optional<String> agent = a.assign("t", Set.of(), (i + seed) % 3 == 0 ? "a1" : null, Duration.ZERO);
            if (agent.isPresent()) {
              int now = held.computeIfAbsent(agent.get(), x -> new AtomicInteger()).incrementAndGet();
              maxSeen.accumulateAndGet(a.state().load(agent.get()), Math::max);
              assertThat(now).isLessThanOrEqualTo(3);
              held.get(agent.get()).decrementAndGet();
              a.release(agent.get());
            }
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : done) {
        f.get();
      }
      pool.shutdownNow();
      assertThat(maxSeen.get()).isBetween(1, 3);
      for (int i = 0; i < 4; i++) {
        assertThat(a.state().load("a" + i)).isZero();
      }
    }
  }

  @Test
  void capacity_full_noAssignment() {
    qt().forAll(integers().between(1, 5), integers().between(1, 5), integers().between(0, 60)).checkAssert((k, cap, n) -> {
      Assigner a = team(k, cap, AssignmentStrategy.LEAST_LOADED);
      int assigned = 0;
      for (int i = 0; i < n; i++) {
        if (a.assign("t", Set.of(), null, Duration.ZERO).isPresent()) {
          assigned++;
        }
      }
      assertThat(assigned).isEqualTo(Math.min(n, k * cap));
      for (int i = 0; i < k; i++) {
        assertThat(a.state().load("a" + i)).isLessThanOrEqualTo(cap);
      }
    });
  }

  @Test
  void leastLoaded_picksFewestOpenItems() {
    Assigner a = team(3, 10, AssignmentStrategy.LEAST_LOADED);
    a.state().tryAcquire("a0", 10);
    a.state().tryAcquire("a0", 10);
    a.state().tryAcquire("a1", 10);
    assertThat(a.assign("t", Set.of(), null, Duration.ZERO)).contains("a2");
    assertThat(a.assign("t", Set.of(), null, Duration.ZERO)).contains("a1");
    List<String> next = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      next.add(a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow());
    }
    assertThat(next).containsExactly("a2", "a0", "a1");
  }

  @Test
  void skills_requiredUntilWaitWidens() {
    Assigner a = Assigner.builder()
        .agent(new Agent("gas", Set.of("gas"), 5))
        .agent(new Agent("pv", Set.of("Photovoltaik"), 1))
        .team(new Team("t", List.of("gas", "pv"), AssignmentStrategy.ROUND_ROBIN, Duration.ofMinutes(10)))
        .build();
    assertThat(a.assign("t", Set.of("photovoltaik"), null, Duration.ZERO)).contains("pv");
    assertThat(a.assign("t", Set.of("photovoltaik"), null, Duration.ofMinutes(9))).isEmpty();
    assertThat(a.assign("t", Set.of("photovoltaik"), null, Duration.ofMinutes(10))).contains("gas");
  }

  @Test
  void stickyOwner_firstIfAvailableWithCapacity() {
    Assigner a = team(3, 1, AssignmentStrategy.ROUND_ROBIN);
    assertThat(a.assign("t", Set.of(), "a2", Duration.ZERO)).contains("a2");
    assertThat(a.assign("t", Set.of(), "a2", Duration.ZERO)).contains("a0");
    a.state().setAvailability("a1", Availability.OUT_OF_OFFICE);
    a.release("a2");
    a.state().setAvailability("a2", Availability.AWAY);
    assertThat(a.assign("t", Set.of(), "a2", Duration.ZERO)).isEmpty();
    a.state().setAvailability("a1", Availability.AVAILABLE);
    assertThat(a.assign("t", Set.of(), "a2", Duration.ZERO)).contains("a1");
  }

  @Test
  void stickyOwner_outsideTheTeam_isNotAsked_theTeamTakesTheItem() {
    // the account's owner is a sales advisor; the item is an outage report for the service team
    Assigner a = Assigner.builder()
        .agent(new Agent("berater-koeln", Set.of(), 5))
        .agent(new Agent("stoerung-1", Set.of(), 5))
        .team(new Team("vertrieb", List.of("berater-koeln"), AssignmentStrategy.ROUND_ROBIN, Duration.ofMinutes(10)))
        .team(new Team("entstoerung", List.of("stoerung-1"), AssignmentStrategy.ROUND_ROBIN, Duration.ofMinutes(10)))
        .build();

    assertThat(a.assign("entstoerung", Set.of(), "berater-koeln", Duration.ZERO)).contains("stoerung-1");
    assertThat(a.state().load("berater-koeln")).isZero();
    assertThat(a.assign("vertrieb", Set.of(), "berater-koeln", Duration.ZERO)).contains("berater-koeln");
  }

  @Test
  void availability_outOfOffice_skippedByRoundRobin() {
    Assigner a = team(3, 100, AssignmentStrategy.ROUND_ROBIN);
    a.state().setAvailability("a1", Availability.OUT_OF_OFFICE);
    List<String> got = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      got.add(a.assign("t", Set.of(), null, Duration.ZERO).orElseThrow());
    }
    assertThat(got.stream().collect(Collectors.toSet())).containsExactlyInAnyOrder("a0", "a2");
    assertThat(got.stream().filter("a0"::equals).count()).isEqualTo(3);
  }

  @Test
  void assign_unknownTeam_empty_andDirectRespectsCapacity() {
    Assigner a = team(1, 1, AssignmentStrategy.ROUND_ROBIN);
    assertThat(a.assign("nope", Set.of(), null, Duration.ZERO)).isEmpty();
    assertThat(a.assignDirect("a0")).contains("a0");
    assertThat(a.assignDirect("a0")).isEmpty();
    assertThat(a.assignDirect("ghost")).isEmpty();
  }

  @Test
  void builder_unknownMember_rejected() {
    assertThatThrownBy(() -> Assigner.builder().team(Team.roundRobin("t", "x")).build())
        .hasMessageContaining("unknown member x");
    assertThatThrownBy(() -> new Agent("a", Set.of(), 0)).hasMessageContaining("capacity");
  }
}
