package io.scrm.consent;

import io.scrm.consent.PendingOptInStore.Pending;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pending double opt-in requests and spent-token marks in concurrent maps, by token hash. A take
 * marks the token spent while it holds the request's key, so a second take of the token that finds
 * no request finds the mark. Thread-safe.
 */
final class InMemoryPendingOptIns implements PendingOptInStore {
  static final Comparator<Pending> OLDEST_FIRST = Comparator.comparing(Pending::requestedAt)
      .thenComparing(Pending::tokenHash);

  private final ConcurrentHashMap<String, Pending> pending = new ConcurrentHashMap<>();
  /** Spent token hashes, with the time of their requests. */
  private final ConcurrentHashMap<String, Instant> spent = new ConcurrentHashMap<>();

  @Override
  public boolean add(Pending request) {
    Objects.requireNonNull(request, "pending");
    return pending.putIfAbsent(request.tokenHash(), request) == null;
  }

  @Override
  public Optional<Pending> take(String tokenHash) {
    Objects.requireNonNull(tokenHash, "tokenHash");
    Pending[] taken = {null};
    pending.computeIfPresent(tokenHash, (hash, p) -> {
      spent.put(hash, p.requestedAt());
      taken[0] = p;
      return null;
    });
    return Optional.ofNullable(taken[0]);
  }

  @Override
  public void putBack(Pending request) {
    Objects.requireNonNull(request, "pending");
    pending.compute(request.tokenHash(), (hash, there) -> {
      spent.remove(hash);
      return there != null ? there : request;
    });
  }

  @Override
  public boolean isSpent(String tokenHash) {
    return spent.containsKey(Objects.requireNonNull(tokenHash, "tokenHash"));
  }

  @Override
  public boolean remove(String tokenHash) {
    return pending.remove(Objects.requireNonNull(tokenHash, "tokenHash")) != null;
  }

  @Override
  public int removeSubject(ContactId subject) {
    Objects.requireNonNull(subject, "subject");
    int removed = 0;
    for (Pending p : List.copyOf(pending.values())) {
      if (p.subject().equals(subject) && pending.remove(p.tokenHash(), p)) {
        removed++;
      }
    }
    return removed;
  }

  @Override
  public List<Pending> ofSubject(ContactId subject) {
    Objects.requireNonNull(subject, "subject");
    List<Pending> out = new ArrayList<>();
    for (Pending p : pending.values()) {
      if (p.subject().equals(subject)) {
        out.add(p);
      }
    }
    out.sort(OLDEST_FIRST);
    return List.copyOf(out);
  }

  @Override
  public int count() {
    return pending.size();
  }

  @Override
  public int purge(Instant cutoff) {
    Objects.requireNonNull(cutoff, "cutoff");
    int removed = 0;
    for (Pending p : List.copyOf(pending.values())) {
      if (!p.requestedAt().isAfter(cutoff) && pending.remove(p.tokenHash(), p)) {
        removed++;
      }
    }
    spent.values().removeIf(at -> !at.isAfter(cutoff));
    return removed;
  }

  @Override
  public String toString() {
    return "InMemoryPendingOptIns[" + pending.size() + " pending]";
  }
}
