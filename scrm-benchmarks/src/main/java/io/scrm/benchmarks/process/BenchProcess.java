package io.scrm.benchmarks.process;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.CaseType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.CommandKind;
import io.scrm.core.process.ProcessDefinition;
import java.time.Instant;
import java.util.List;

/**
 * The process every library in the benchmark runs: the default case process's table, one guard
 * (resolve needs an assignee) and the same actions (triage sets the queue, start sets the assignee),
 * each producing the next immutable {@link Case} with one appended {@link AuditEntry}.
 */
public final class BenchProcess {
  static final CaseState NEW = CaseState.NEW;
  static final CaseState TRIAGED = CaseState.TRIAGED;
  static final CaseState IN_PROGRESS = CaseState.IN_PROGRESS;
  static final CaseState WAITING = CaseState.WAITING_ON_CUSTOMER;
  static final CaseState RESOLVED = CaseState.RESOLVED;
  static final CaseState CLOSED = CaseState.CLOSED;
  static final CaseState REOPENED = CaseState.REOPENED;
  static final List<CaseState> STATES = List.of(NEW, TRIAGED, IN_PROGRESS, WAITING, RESOLVED, CLOSED, REOPENED);

  /** One declared transition of the benchmark process. */
  record Edge(CaseState from, CommandKind on, CaseState to, boolean guarded) {}

  static final List<Edge> EDGES = List.of(
      new Edge(NEW, CommandKind.TRIAGE, TRIAGED, false),
      new Edge(REOPENED, CommandKind.TRIAGE, TRIAGED, false),
      new Edge(TRIAGED, CommandKind.START, IN_PROGRESS, false),
      new Edge(REOPENED, CommandKind.START, IN_PROGRESS, false),
      new Edge(IN_PROGRESS, CommandKind.ASK_CUSTOMER, WAITING, false),
      new Edge(WAITING, CommandKind.CUSTOMER_REPLIED, IN_PROGRESS, false),
      new Edge(IN_PROGRESS, CommandKind.RESOLVE, RESOLVED, true),
      new Edge(WAITING, CommandKind.RESOLVE, RESOLVED, true),
      new Edge(RESOLVED, CommandKind.CUSTOMER_REPLIED, REOPENED, false),
      new Edge(RESOLVED, CommandKind.REOPEN, REOPENED, false),
      new Edge(RESOLVED, CommandKind.CLOSE, CLOSED, false),
      new Edge(CLOSED, CommandKind.REOPEN, REOPENED, false));

  /** The command cycle the benchmarks run from IN_PROGRESS back to IN_PROGRESS. */
  static final List<CommandKind> CYCLE = List.of(CommandKind.ASK_CUSTOMER, CommandKind.CUSTOMER_REPLIED,
      CommandKind.RESOLVE, CommandKind.REOPEN, CommandKind.START);
  /** Cycles before a case is reset to its start (keeps audit trails at a realistic length). */
  static final int CYCLES = 10;
  static final int STEPS = CYCLES * 5;

  static final Instant NOW = Instant.parse("2026-11-23T08:00:00Z");
  private static final Actor ANNA = Actor.agent("anna");

  private BenchProcess() {}

  /** The guard: resolving needs an assignee. */
  static boolean guard(Case c) {
    return c.assignee() != null;
  }

  /** The action, given the audit entry. */
  static Case act(Case c, CaseCommand cmd, CaseState to, boolean open, AuditEntry e) {
    if (cmd.kind().equals(CommandKind.TRIAGE)) {
      return c.next(to, open, c.priority(), cmd.queue() != null ? cmd.queue() : c.queue(), c.assignee(),
          c.escalationLevel(), e);
    }
    if (cmd.kind().equals(CommandKind.START)) {
      return c.next(to, open, c.priority(), c.queue(), c.assignee() != null ? c.assignee() : cmd.actor().id(),
          c.escalationLevel(), e);
    }
    return c.next(to, open, c.priority(), c.queue(), c.assignee(), c.escalationLevel(), e);
  }

  /** What a peer's action does: build the audit entry, then the same action. */
  static Case peerAct(Case c, CaseCommand cmd, CaseState from, CaseState to, Instant now) {
    AuditEntry e = new AuditEntry(now, cmd.actor(), cmd.kind().name(), from, to, c.originChannel(), cmd.note(),
        cmd.id());
    return act(c, cmd, to, !to.equals(CLOSED), e);
  }

  /** The benchmark process declared with scrm's builder. */
  static ProcessDefinition scrm() {
    ProcessDefinition.Builder b = ProcessDefinition.builder("bench").initial(NEW)
        .states(STATES.toArray(new CaseState[0])).terminal(CLOSED).pauseClocksIn(WAITING);
    for (Edge e : EDGES) {
      if (e.guarded()) {
        b.transition(e.from(), e.on(), e.to(), "has assignee", (c, cmd, now) -> guard(c), BenchProcess::act);
      } else {
        b.transition(e.from(), e.on(), e.to(), BenchProcess::act);
      }
    }
    return b.build();
  }

  /** A case in IN_PROGRESS, triaged and started, as read from a store. */
  static Case startCase(int n) {
    Interaction first = Interaction.inbound(ChannelId.TELEGRAM, "m" + n).thread("chat-" + n).author("kai", null)
        .text("Hallo").occurredAt(NOW).build();
    Case c = Case.open(CaseId.random(), ContactId.random(), first, CaseType.QUESTION, Priority.NORMAL, NOW);
    c = peerAct(c, CaseCommand.triage("t", ANNA, "support", null), NEW, TRIAGED, NOW);
    c = peerAct(c, CaseCommand.start("s", ANNA), TRIAGED, IN_PROGRESS, NOW);
    return c.withVersion(3);
  }

  /** The commands of {@link #CYCLES} cycles, with distinct ids. */
  static CaseCommand[] commands() {
    CaseCommand[] out = new CaseCommand[STEPS];
    for (int i = 0; i < STEPS; i++) {
      CommandKind k = CYCLE.get(i % CYCLE.size());
      out[i] = new CaseCommand("cmd-" + i, k, ANNA, null, null, null, null, null, null, 0);
    }
    return out;
  }

  /** The state after step i (0-based) of the cycle. */
  static CaseState stateAfter(int step) {
    return switch (step % 5) {
      case 0 -> WAITING;
      case 1 -> IN_PROGRESS;
      case 2 -> RESOLVED;
      case 3 -> REOPENED;
      default -> IN_PROGRESS;
    };
  }
}
