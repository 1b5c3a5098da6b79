package io.scrm.core.process;

import static io.scrm.core.model.CaseState.CLOSED;
import static io.scrm.core.model.CaseState.IN_PROGRESS;
import static io.scrm.core.model.CaseState.NEW;
import static io.scrm.core.model.CaseState.REOPENED;
import static io.scrm.core.model.CaseState.RESOLVED;
import static io.scrm.core.model.CaseState.TRIAGED;
import static io.scrm.core.model.CaseState.WAITING_ON_CUSTOMER;

import io.scrm.core.model.ActorType;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Priority;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** The default social CRM process. */
final class StandardProcess {
  /** The audit action the outbox writes when an answer of the case was sent. */
  static final String REPLY_SENT = "REPLY_SENT";

  private StandardProcess() {}

  static ProcessDefinition define(Duration reopenWindow) {
    Objects.requireNonNull(reopenWindow, "reopenWindow");
    if (reopenWindow.isNegative()) {
      throw new IllegalArgumentException("reopenWindow must not be negative, was " + reopenWindow);
    }
    Guard withinWindow = (c, cmd, now) -> withinReopenWindow(c, now, reopenWindow);
    ProcessDefinition.Builder b = ProcessDefinition.builder("standard")
        .initial(NEW)
        .states(NEW, TRIAGED, IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED, CLOSED, REOPENED)
        .terminal(CLOSED)
        .pauseClocksIn(WAITING_ON_CUSTOMER)
        .stopClocksIn(RESOLVED)
        .transition(NEW, CommandKind.TRIAGE, TRIAGED, StandardProcess::triage)
        .transition(REOPENED, CommandKind.TRIAGE, TRIAGED, StandardProcess::triage)
        .transition(TRIAGED, CommandKind.START, IN_PROGRESS, StandardProcess::start)
        .transition(REOPENED, CommandKind.START, IN_PROGRESS, StandardProcess::start)
        .transition(IN_PROGRESS, CommandKind.ASK_CUSTOMER, WAITING_ON_CUSTOMER)
        .transition(WAITING_ON_CUSTOMER, CommandKind.CUSTOMER_REPLIED, IN_PROGRESS)
        .transition(RESOLVED, CommandKind.CUSTOMER_REPLIED, REOPENED)
        .transition(CLOSED, CommandKind.CUSTOMER_REPLIED, REOPENED, "within reopen window", withinWindow,
            Action.MOVE)
        .transition(IN_PROGRESS, CommandKind.RESOLVE, RESOLVED, "answer sent on origin channel",
            (c, cmd, now) -> answeredOnOrigin(c), Action.MOVE)
        .transition(WAITING_ON_CUSTOMER, CommandKind.RESOLVE, RESOLVED, "answer sent on origin channel",
            (c, cmd, now) -> answeredOnOrigin(c), Action.MOVE)
        .transition(RESOLVED, CommandKind.CLOSE, CLOSED)
        .transition(RESOLVED, CommandKind.REOPEN, REOPENED)
        .transition(CLOSED, CommandKind.REOPEN, REOPENED, "within reopen window", withinWindow, Action.MOVE);
    for (CaseState s : List.of(NEW, TRIAGED, IN_PROGRESS, REOPENED)) {
      // the customer wrote while we are on it: recorded, and the keep-informed clock restarts
      b.transition(s, CommandKind.CUSTOMER_REPLIED, s);
    }
    for (CaseState s : List.of(NEW, TRIAGED, IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED, REOPENED)) {
      b.transition(s, CommandKind.ASSIGN, s, StandardProcess::assign);
      b.transition(s, CommandKind.ESCALATE, s, StandardProcess::escalate);
    }
    for (CaseState s : List.of(NEW, TRIAGED, IN_PROGRESS, WAITING_ON_CUSTOMER, RESOLVED, CLOSED, REOPENED)) {
      b.transition(s, CommandKind.NOTE, s);
    }
    return b.build();
  }

  private static Case triage(Case c, CaseCommand cmd, CaseState to, boolean open, AuditEntry e) {
    return c.next(to, open, cmd.priority() != null ? cmd.priority() : c.priority(),
        cmd.queue() != null ? cmd.queue() : c.queue(), c.assignee(), c.escalationLevel(), e);
  }

  private static Case start(Case c, CaseCommand cmd, CaseState to, boolean open, AuditEntry e) {
    String assignee = c.assignee() != null ? c.assignee()
        : cmd.actor().type() == ActorType.AGENT ? cmd.actor().id() : null;
    return c.next(to, open, c.priority(), c.queue(), assignee, c.escalationLevel(), e);
  }

  private static Case assign(Case c, CaseCommand cmd, CaseState to, boolean open, AuditEntry e) {
    return c.next(to, open, c.priority(), c.queue(), cmd.assignee() != null ? cmd.assignee() : c.assignee(),
        c.escalationLevel(), e);
  }

  private static Case escalate(Case c, CaseCommand cmd, CaseState to, boolean open, AuditEntry e) {
    Priority p = cmd.priority() != null && cmd.priority().compareTo(c.priority()) > 0 ? cmd.priority() : c.priority();
    return c.next(to, open, p, c.queue(), c.assignee(), Math.max(c.escalationLevel(), cmd.level()), e);
  }

  /**
   * An answer went out on the origin channel since the case was opened or last reopened; an internal
   * case ({@link ChannelId#INTERNAL}) has no customer to answer.
   */
  static boolean answeredOnOrigin(Case c) {
    if (ChannelId.INTERNAL.equals(c.originChannel())) {
      return true;
    }
    List<AuditEntry> audit = c.audit();
    for (int i = audit.size() - 1; i >= 0; i--) {
      AuditEntry e = audit.get(i);
      if (REOPENED.equals(e.to()) && !REOPENED.equals(e.from())) {
        return false;
      }
      if (REPLY_SENT.equals(e.action()) && c.originChannel().equals(e.channel())) {
        return true;
      }
    }
    return false;
  }

  private static boolean withinReopenWindow(Case c, Instant now, Duration window) {
    List<AuditEntry> audit = c.audit();
    for (int i = audit.size() - 1; i >= 0; i--) {
      AuditEntry e = audit.get(i);
      if (CLOSED.equals(e.to()) && !CLOSED.equals(e.from())) {
        // compared as a duration: a window as long as a Duration goes does not fit after an instant
        return Duration.between(e.at(), now).compareTo(window) <= 0;
      }
    }
    return false;
  }
}
