package io.scrm.core.routing;

import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Routing state in concurrent maps of atomics. Thread-safe. */
final class InMemoryRoutingState implements RoutingState {
  private final ConcurrentHashMap<String, AtomicLong> cursors = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, AtomicInteger> loads = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Availability> availability = new ConcurrentHashMap<>();

  @Override
  public long nextTurn(String team) {
    return cursors.computeIfAbsent(team, k -> new AtomicLong()).getAndIncrement();
  }

  @Override
  public int load(String agent) {
    AtomicInteger load = loads.get(agent);
    return load == null ? 0 : load.get();
  }

  @Override
  public boolean tryAcquire(String agent, int capacity) {
    AtomicInteger load = loads.computeIfAbsent(agent, k -> new AtomicInteger());
    while (true) {
      int now = load.get();
      if (now >= capacity) {
        return false;
      }
      if (load.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  @Override
  public void release(String agent) {
    AtomicInteger load = loads.get(agent);
    if (load != null) {
      load.getAndUpdate(n -> Math.max(0, n - 1));
    }
  }

  @Override
  public Availability availability(String agent) {
    return availability.getOrDefault(agent, Availability.AVAILABLE);
  }

  @Override
  public void setAvailability(String agent, Availability value) {
    availability.put(Objects.requireNonNull(agent, "agent"), Objects.requireNonNull(value, "value"));
  }
}
