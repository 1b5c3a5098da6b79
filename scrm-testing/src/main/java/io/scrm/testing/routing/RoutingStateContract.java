package io.scrm.testing.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.routing.Availability;
import io.scrm.core.routing.RoutingState;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link RoutingState} implementation passes: round-robin turns are handed out
 * once each, also to concurrent callers (and, for shared stores, to several instances), agent load
 * never exceeds capacity, releases never go below zero, and availability is kept.
 *
 * <p>Extend it and implement {@link #newState()} (fresh, empty state) and, for stores shared by
 * several host instances, {@link #otherInstance()} (a second view on the same state).
 *
 * @since 0.1.0
 */
public abstract class RoutingStateContract {
  private static final int THREADS = 4;

  /** Creates the contract. */
  protected RoutingStateContract() {}

  /**
   * Returns fresh, empty routing state.
   *
   * @return the state
   */
  protected abstract RoutingState newState();

  /**
   * Returns a second instance on the same state as the last {@link #newState()}, as another host
   * instance would see it; the in-memory state returns the same object.
   *
   * @return the other view
   */
  protected abstract RoutingState otherInstance();

  @Test
  void turnsCountUpPerTeamFromZero() {
    RoutingState state = newState();
    assertThat(state.nextTurn("sales")).isZero();
    assertThat(state.nextTurn("sales")).isEqualTo(1);
    assertThat(state.nextTurn("service")).isZero();
    assertThat(otherInstance().nextTurn("sales")).isEqualTo(2);
  }

  @Test
  void concurrentCallersOnTwoInstancesNeverGetTheSameTurn() throws Exception {
    RoutingState first = newState();
    RoutingState second = otherInstance();
    List<Long> turns = runConcurrently(200, i -> (i % 2 == 0 ? first : second).nextTurn("sales"));
    assertThat(new HashSet<>(turns)).hasSize(turns.size());
    assertThat(turns).allMatch(t -> t >= 0 && t < turns.size());
  }

  @Test
  void loadNeverExceedsCapacityUnderConcurrency() throws Exception {
    RoutingState first = newState();
    RoutingState second = otherInstance();
    List<Boolean> acquired = runConcurrently(100, i -> (i % 2 == 0 ? first : second).tryAcquire("advisor-1", 7));
    assertThat(acquired.stream().filter(b -> b).count()).isEqualTo(7);
    assertThat(first.load("advisor-1")).isEqualTo(7);
    assertThat(second.load("advisor-1")).isEqualTo(7);
  }

  @Test
  void releaseFreesCapacityAndNeverGoesBelowZero() {
    RoutingState state = newState();
    assertThat(state.load("service-1")).isZero();
    assertThat(state.tryAcquire("service-1", 1)).isTrue();
    assertThat(state.tryAcquire("service-1", 1)).isFalse();
    state.release("service-1");
    assertThat(state.load("service-1")).isZero();
    state.release("service-1");
    state.release("nobody");
    assertThat(state.load("service-1")).isZero();
    assertThat(state.tryAcquire("service-1", 1)).isTrue();
  }

  @Test
  void zeroCapacityNeverAcquires() {
    assertThat(newState().tryAcquire("trainee", 0)).isFalse();
  }

  @Test
  void availabilityDefaultsToAvailableAndIsShared() {
    RoutingState state = newState();
    assertThat(state.availability("advisor-2")).isEqualTo(Availability.AVAILABLE);
    state.setAvailability("advisor-2", Availability.OUT_OF_OFFICE);
    assertThat(otherInstance().availability("advisor-2")).isEqualTo(Availability.OUT_OF_OFFICE);
    otherInstance().setAvailability("advisor-2", Availability.AVAILABLE);
    assertThat(state.availability("advisor-2")).isEqualTo(Availability.AVAILABLE);
  }

  /** A task numbered by its index. */
  @FunctionalInterface
  private interface Indexed<T> {
    T call(int index) throws Exception;
  }

  private static <T> List<T> runConcurrently(int tasks, Indexed<T> work) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try {
      CountDownLatch start = new CountDownLatch(1);
      AtomicInteger index = new AtomicInteger();
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < tasks; i++) {
        Callable<T> task = () -> {
          start.await();
          return work.call(index.getAndIncrement());
        };
        futures.add(pool.submit(task));
      }
      start.countDown();
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get(60, TimeUnit.SECONDS));
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }
}
