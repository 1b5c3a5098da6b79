package io.scrm.benchmarks.process;

import com.github.oxo42.stateless4j.StateConfiguration;
import com.github.oxo42.stateless4j.StateMachineConfig;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.CommandKind;
import java.time.Instant;
import java.util.HashSet;
import org.springframework.messaging.support.MessageBuilder;
import org.springframework.statemachine.StateMachine;
import org.springframework.statemachine.config.StateMachineBuilder;
import org.springframework.statemachine.config.builders.StateMachineTransitionConfigurer;
import org.springframework.statemachine.support.DefaultStateMachineContext;
import org.squirrelframework.foundation.fsm.AnonymousAction;
import org.squirrelframework.foundation.fsm.AnonymousCondition;
import org.squirrelframework.foundation.fsm.StateMachineBuilderFactory;
import org.squirrelframework.foundation.fsm.builder.On;
import org.squirrelframework.foundation.fsm.impl.AbstractStateMachine;
import reactor.core.publisher.Mono;

/**
 * The benchmark process on the peer libraries. Each peer is configured once (its shared definition);
 * guards and actions read the case and the command from a context and replace the case in it.
 */
public final class Peers {
  private Peers() {}

  /** What guards and actions of a peer work on: the case, the command, the time. Single-threaded. */
  public static final class Ctx {
    Case current;
    CaseCommand command;
    final Instant now = BenchProcess.NOW;

    Ctx(Case current) {
      this.current = current;
    }
  }

  /** stateless4j: one shared {@link StateMachineConfig}; a machine is a state holder over it. */
  public static final class Stateless4j {
    final Ctx ctx;
    final StateMachineConfig<CaseState, CommandKind> config = new StateMachineConfig<>();

    Stateless4j(Case start) {
      ctx = new Ctx(start);
      for (BenchProcess.Edge e : BenchProcess.EDGES) {
        StateConfiguration<CaseState, CommandKind> sc = config.configure(e.from());
        com.github.oxo42.stateless4j.delegates.Action act =
            () -> ctx.current = BenchProcess.peerAct(ctx.current, ctx.command, e.from(), e.to(), ctx.now);
        if (e.guarded()) {
          sc.permitIf(e.on(), e.to(), () -> BenchProcess.guard(ctx.current), act);
        } else {
          sc.permit(e.on(), e.to(), act);
        }
      }
    }

    com.github.oxo42.stateless4j.StateMachine<CaseState, CommandKind> machine(CaseState state) {
      return new com.github.oxo42.stateless4j.StateMachine<>(state, config);
    }

    Case fire(com.github.oxo42.stateless4j.StateMachine<CaseState, CommandKind> m, Case c, CaseCommand cmd) {
      ctx.current = c;
      ctx.command = cmd;
      m.fire(cmd.kind());
      return ctx.current;
    }
  }

  /** squirrel-foundation's machine type for the benchmark process. */
  public static final class SquirrelMachine extends AbstractStateMachine<SquirrelMachine, CaseState, CommandKind, Ctx> {
    /** Created by squirrel's builder. */
    public SquirrelMachine() {}
  }

  /** squirrel-foundation: one shared builder; a machine per case is created by the builder. */
  public static final class Squirrel {
    final org.squirrelframework.foundation.fsm.StateMachineBuilder<SquirrelMachine, CaseState, CommandKind, Ctx>
        builder = StateMachineBuilderFactory.create(SquirrelMachine.class, CaseState.class, CommandKind.class,
            Ctx.class);
    final Ctx ctx;

    Squirrel(Case start) {
      ctx = new Ctx(start);
      for (BenchProcess.Edge e : BenchProcess.EDGES) {
        On<SquirrelMachine, CaseState, CommandKind, Ctx> on = builder.externalTransition().from(e.from()).to(e.to())
            .on(e.on());
        AnonymousAction<SquirrelMachine, CaseState, CommandKind, Ctx> act =
            new AnonymousAction<SquirrelMachine, CaseState, CommandKind, Ctx>() {
              @Override
              public void execute(CaseState from, CaseState to, CommandKind event, Ctx c, SquirrelMachine m) {
                c.current = BenchProcess.peerAct(c.current, c.command, from, to, c.now);
              }
            };
        if (e.guarded()) {
          on.when(new AnonymousCondition<Ctx>() {
            @Override
            public boolean isSatisfied(Ctx c) {
              return BenchProcess.guard(c.current);
            }
          }).perform(act);
        } else {
          on.perform(act);
        }
      }
    }

    SquirrelMachine machine(CaseState state) {
      return builder.newStateMachine(state);
    }

    Case fire(SquirrelMachine m, Case c, CaseCommand cmd) {
      ctx.current = c;
      ctx.command = cmd;
      m.fire(cmd.kind(), ctx);
      return ctx.current;
    }
  }

  /** Spring Statemachine: one machine, reset to each case's stored state (its persistence recipe). */
  public static final class Spring {
    final Ctx ctx;
    final StateMachine<CaseState, CommandKind> machine;

    Spring(Case start) throws Exception {
      ctx = new Ctx(start);
      StateMachineBuilder.Builder<CaseState, CommandKind> b = StateMachineBuilder.builder();
      b.configureConfiguration().withConfiguration().autoStartup(false);
      b.configureStates().withStates().initial(BenchProcess.NEW).states(new HashSet<>(BenchProcess.STATES));
      StateMachineTransitionConfigurer<CaseState, CommandKind> t = b.configureTransitions();
      for (BenchProcess.Edge e : BenchProcess.EDGES) {
        org.springframework.statemachine.action.Action<CaseState, CommandKind> act =
            sc -> ctx.current = BenchProcess.peerAct(ctx.current, ctx.command, e.from(), e.to(), ctx.now);
        if (e.guarded()) {
          t.withExternal().source(e.from()).target(e.to()).event(e.on())
              .guard(sc -> BenchProcess.guard(ctx.current)).action(act);
        } else {
          t.withExternal().source(e.from()).target(e.to()).event(e.on()).action(act);
        }
      }
      machine = b.build();
      reset(start.state());
    }

    void reset(CaseState state) {
      machine.stopReactively().block();
      machine.getStateMachineAccessor().doWithAllRegions(a -> a.resetStateMachineReactively(
          new DefaultStateMachineContext<>(state, null, null, null)).block());
      machine.startReactively().block();
    }

    Case fire(Case c, CaseCommand cmd) {
      ctx.current = c;
      ctx.command = cmd;
      machine.sendEvent(Mono.just(MessageBuilder.withPayload(cmd.kind()).build())).blockLast();
      return ctx.current;
    }
  }
}
