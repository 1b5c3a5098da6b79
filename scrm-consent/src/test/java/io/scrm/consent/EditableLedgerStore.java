package io.scrm.consent;

import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A ledger store whose rows a test can change behind the ledger's back, as anyone can in a database table. */
final class EditableLedgerStore implements ConsentLedgerStore {
  private final ConsentLedgerStore inner = ConsentLedgerStore.inMemory();
  final List<ConsentRecord> rows = new ArrayList<>();

  @Override
  public synchronized void append(ConsentRecord e) {
    inner.append(e);
    rows.add(e);
  }

  @Override
  public synchronized Optional<ConsentRecord> last() {
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(rows.size() - 1));
  }

  @Override
  public synchronized long size() {
    return rows.size();
  }

  @Override
  public synchronized Optional<ConsentRecord> latest(ContactId subject, String purpose, ChannelId channel,
      Instant at) {
    ConsentRecord best = null;
    for (ConsentRecord r : rows) {
      if (r.subject().equals(subject) && r.purpose().equals(purpose) && r.channel().equals(channel)
          && !r.at().isAfter(at)) {
        best = r;
      }
    }
    return Optional.ofNullable(best);
  }

  @Override
  public synchronized List<ConsentRecord> history(ContactId subject) {
    return rows.stream().filter(r -> r.subject().equals(subject)).toList();
  }

  @Override
  public synchronized List<ConsentRecord> entries(long fromSequence, int limit) {
    int from = (int) Math.min(fromSequence, rows.size());
    return List.copyOf(rows.subList(from, Math.min(rows.size(), from + limit)));
  }

  @Override
  public synchronized int erase(ContactId subject, ConsentRecord erasure) {
    int n = inner.erase(subject, erasure);
    rows.clear();
    rows.addAll(inner.entries(0, Integer.MAX_VALUE));
    return n;
  }

  @Override
  public void restrict(ContactId subject, boolean restricted) {}

  @Override
  public boolean isRestricted(ContactId subject) {
    return false;
  }
}
