package io.scrm.consent;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ContactId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** The in-memory decision log: a list under one lock. */
final class InMemoryDecisionLog implements DecisionLog {
  private final List<DecisionRecord> entries = new ArrayList<>();

  @Override
  public synchronized void append(DecisionRecord entry) {
    entries.add(Objects.requireNonNull(entry, "entry"));
  }

  @Override
  public synchronized List<DecisionRecord> entries(ContactId subject) {
    List<DecisionRecord> out = new ArrayList<>();
    for (DecisionRecord e : entries) {
      if (e.subject().equals(subject)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  @Override
  public synchronized long count() {
    return entries.size();
  }

  @Override
  public synchronized int pseudonymise(ContactId subject, ContactId pseudonym) {
    int changed = 0;
    for (int i = 0; i < entries.size(); i++) {
      DecisionRecord e = entries.get(i);
      boolean actorIsSubject = e.actor().type() == ActorType.CUSTOMER && e.actor().id().equals(subject.value());
      if (e.subject().equals(subject) || actorIsSubject) {
        entries.set(i, new DecisionRecord(e.auditId(), e.at(), e.subject().equals(subject) ? pseudonym : e.subject(),
            e.purpose(), e.channel(), e.action(), actorIsSubject ? Actor.customer(pseudonym) : e.actor(), e.allowed(),
            e.reason(), e.evidenceId()));
        changed++;
      }
    }
    return changed;
  }
}
