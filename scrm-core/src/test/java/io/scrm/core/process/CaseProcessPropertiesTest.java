package io.scrm.core.process;

import static io.scrm.core.model.CaseState.CLOSED;
import static io.scrm.core.model.CaseState.IN_PROGRESS;
import static io.scrm.core.model.CaseState.NEW;
import static io.scrm.core.model.CaseState.REOPENED;
import static io.scrm.core.model.CaseState.RESOLVED;
import static io.scrm.core.model.CaseState.TRIAGED;
import static io.scrm.core.model.CaseState.WAITING_ON_CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.OutboxStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.core.stateful.Command;
import org.quicktheories.core.stateful.Parallel;
import org.quicktheories.core.stateful.Sequential;

/**
 * Arbitrary command sequences from several agents (and the customer) against the default process,
 * checked against an independent model of the transition table, sequentially and in parallel.
 */
final class CaseProcessPropertiesTest {
  private static final long WINDOW_MINUTES = Duration.ofDays(7).toMinutes();
  private static final AtomicLong IDS = new AtomicLong();
  private static final List<Actor> AGENTS = List.of(Actor.agent("anna"), Actor.agent("ben"), Actor.agent("cem"));
  private static final Actor CUSTOMER = Actor.customer(ContactId.of("kai"));
  private static final Set<String> COMMAND_NAMES = Set.of("TRIAGE", "ASSIGN", "START", "ASK_CUSTOMER",
      "CUSTOMER_REPLIED", "RESOLVE", "CLOSE", "REOPEN", "ESCALATE", "NOTE");

  /** The model: what the table says the case must look like. */
  record Model(CaseState state, int level, int accepted, boolean answered, long minutes, long closedAt) {
    Model with(CaseState s) {
      return new Model(s, level, accepted + 1, s.equals(REOPENED) && !state.equals(REOPENED) ? false : answered,
          minutes, s.equals(CLOSED) && !state.equals(CLOSED) ? minutes : closedAt);
    }

    boolean inWindow() {
      return minutes - closedAt <= WINDOW_MINUTES;
    }
  }

  /** The system under test: an engine with one case, and the ids of the commands it accepted. */
  static final class Sut {
    final Fixture f = new Fixture();
    final CaseId id = f.open();
    final Set<String> accepted = ConcurrentHashMap.newKeySet();

    void apply(CaseCommand command, boolean checkRefusalChangesNothing) {
      Case before = f.crm.findCase(id).orElseThrow();
      try {
        CommandResult r = f.crm.apply(id, command);
        assertThat(r.duplicate()).isFalse();
        accepted.add(command.id());
      } catch (IllegalCommandException refused) {
        assertThat(refused.caseId()).isEqualTo(id);
        assertThat(refused.command()).isEqualTo(command.kind());
        if (checkRefusalChangesNothing) {
          assertThat(f.crm.findCase(id).orElseThrow()).isEqualTo(before);
        }
      }
      check();
    }

    void check() {
      // commands accepted before the case is read must all be in what is read
      Set<String> acceptedBefore = Set.copyOf(accepted);
      Case c = f.crm.findCase(id).orElseThrow();
      // never an undeclared state
      assertThat(f.crm.process().states()).contains(c.state());
      // never lose an applied command: each accepted command is in the trail exactly once
      Map<String, Integer> times = new HashMap<>();
      for (AuditEntry e : c.audit()) {
        if (e.commandId() != null && COMMAND_NAMES.contains(e.action())) {
          times.merge(e.commandId(), 1, Integer::sum);
        }
      }
      for (String a : acceptedBefore) {
        assertThat(times.get(a)).as("audit entries of command %s", a).isEqualTo(1);
      }
      // never an SLA clock running while waiting on the customer (or after resolution)
      Instant now = f.clock.instant();
      SlaStatus status = f.crm.sla().status(c, now);
      assertThat(status).isEqualTo(f.crm.sla().status(c, now));
      if (c.state().equals(WAITING_ON_CUSTOMER) || c.state().equals(RESOLVED) || c.state().equals(CLOSED)) {
        assertThat(status.anyRunning()).isFalse();
        SlaStatus later = f.crm.sla().status(c, now.plus(Duration.ofHours(5)));
        for (SlaClockType t : SlaClockType.values()) {
          assertThat(later.clock(t).elapsed()).isEqualTo(status.clock(t).elapsed());
        }
      }
      // the customer is always informed on the origin channel and thread
      List<OutboundMessage> out = f.crm.stores().outbox().findByRecipient(c.contactId()).stream()
          .filter(m -> id.equals(m.caseId())).toList();
      for (OutboundMessage m : out) {
        assertThat(m.channel()).isEqualTo(c.originChannel());
        assertThat(m.threadId()).isEqualTo(c.originThread());
      }
      if (c.state().equals(RESOLVED) || c.state().equals(CLOSED)) {
        assertThat(out).anyMatch(m -> m.status() == OutboxStatus.SENT);
      }
    }

    Model model() {
      Case c = f.crm.findCase(id).orElseThrow();
      long closedAt = -1;
      for (AuditEntry e : c.audit()) {
        if (CLOSED.equals(e.to()) && !CLOSED.equals(e.from())) {
          closedAt = Duration.between(Fixture.T0, e.at()).toMinutes();
        }
      }
      return new Model(c.state(), c.escalationLevel(), accepted.size(), StandardProcess.answeredOnOrigin(c),
          Duration.between(Fixture.T0, f.clock.instant()).toMinutes(), closedAt);
    }
  }

  /** One step: a command to the process, an answer on the origin channel, or time passing. */
  record Step(int kind, int agent, int amount, String id) implements Command<Sut, Model> {
    static final int COMMANDS = 10;
    static final int ANSWER = 10;
    static final int WAIT = 11;

    CaseCommand command() {
      Actor a = AGENTS.get(agent);
      return switch (kind) {
        case 0 -> CaseCommand.triage(id, a, "q" + agent, null);
        case 1 -> CaseCommand.start(id, a);
        case 2 -> CaseCommand.askCustomer(id, a, null);
        case 3 -> CaseCommand.customerReplied(id, CUSTOMER, null);
        case 4 -> CaseCommand.resolve(id, a, null);
        case 5 -> CaseCommand.close(id, a);
        case 6 -> CaseCommand.reopen(id, a, null);
        case 7 -> CaseCommand.escalate(id, a, 1 + amount % 3, null, null);
        case 8 -> CaseCommand.assign(id, a, "agent" + amount % 3);
        default -> CaseCommand.note(id, a, "n");
      };
    }

    @Override
    public void run(Sut sut) {
      if (kind == ANSWER) {
        sut.f.answer(sut.id);
        sut.check();
      } else if (kind == WAIT) {
        sut.f.clock.advance(Duration.ofMinutes(amount));
        sut.check();
      } else {
        sut.apply(command(), false);
      }
    }

    @Override
    public Model nextState(Model m) {
      if (kind == ANSWER) {
        return new Model(m.state, m.level, m.accepted, true, m.minutes, m.closedAt);
      }
      if (kind == WAIT) {
        return new Model(m.state, m.level, m.accepted, m.answered, m.minutes + amount, m.closedAt);
      }
      CaseState s = m.state;
      boolean working = s.equals(IN_PROGRESS) || s.equals(WAITING_ON_CUSTOMER);
      return switch (kind) {
        case 0 -> s.equals(NEW) || s.equals(REOPENED) ? m.with(TRIAGED) : m;
        case 1 -> s.equals(TRIAGED) || s.equals(REOPENED) ? m.with(IN_PROGRESS) : m;
        case 2 -> s.equals(IN_PROGRESS) ? m.with(WAITING_ON_CUSTOMER) : m;
        case 3 -> s.equals(WAITING_ON_CUSTOMER) ? m.with(IN_PROGRESS)
            : s.equals(RESOLVED) || (s.equals(CLOSED) && m.inWindow()) ? m.with(REOPENED)
            : s.equals(CLOSED) ? m : m.with(s);
        case 4 -> working && m.answered ? m.with(RESOLVED) : m;
        case 5 -> s.equals(RESOLVED) ? m.with(CLOSED) : m;
        case 6 -> s.equals(RESOLVED) || (s.equals(CLOSED) && m.inWindow()) ? m.with(REOPENED) : m;
        case 7 -> s.equals(CLOSED) ? m : new Model(s, Math.max(m.level, 1 + amount % 3), m.accepted + 1, m.answered,
            m.minutes, m.closedAt);
        case 8 -> s.equals(CLOSED) ? m : m.with(s);
        default -> m.with(s);
      };
    }
  }

  private static Gen<Step> steps(int kinds) {
    return integers().between(0, kinds - 1).zip(integers().between(0, AGENTS.size() - 1),
        integers().between(1, 4 * 24 * 60),
        (kind, agent, amount) -> new Step(kind, agent, amount, "cmd-" + IDS.incrementAndGet()));
  }

  private static final Model START = new Model(NEW, 0, 0, false, 0, -1);

  @Test
  void sequential_arbitraryCommands_matchTheTableAndKeepTheInvariants() {
    qt().withExamples(150).forAll(lists().of(steps(Step.WAIT + 1)).ofSizeBetween(1, 50))
        .checkAssert(steps -> Sequential.modelCheck(START, steps, m -> new Sut(), Sut::model));
  }

  @Test
  void sequential_refusedCommands_changeNothing() {
    qt().withExamples(60).forAll(lists().of(steps(Step.COMMANDS)).ofSizeBetween(1, 30)).checkAssert(steps -> {
      Sut sut = new Sut();
      for (Step s : steps) {
        sut.apply(s.command(), true);
      }
    });
  }

  @Test
  void parallel_agentsActingAtOnce_endInAStateSomeOrderExplains() {
    // answered and in progress before the agents start, so every command kind can take effect
    Model working = new Model(IN_PROGRESS, 0, 2, true, 0, -1);
    qt().withExamples(40).forAll(lists().of(steps(Step.COMMANDS)).ofSizeBetween(2, 6)).checkAssert(steps ->
        new Parallel(30, TimeUnit.SECONDS).parallelCheck(working, steps, m -> {
          Sut sut = new Sut();
          sut.apply(CaseCommand.triage("setup-t", AGENTS.get(0), null, null), true);
          sut.apply(CaseCommand.start("setup-s", AGENTS.get(0)), true);
          sut.f.answer(sut.id);
          return sut;
        }, Sut::model, 3));
  }
}
