package io.scrm.core.process;

import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A case process: states, the initial and terminal states, and a transition table of (state,
 * command) → guarded transitions with actions. Immutable and thread-safe; one definition is shared by
 * all cases, which carry nothing but their state.
 *
 * <p>Built with {@link #builder(String)} and validated in {@link Builder#build()}: every state a
 * transition names must be declared, every state must be reachable from the initial state, there must
 * be a terminal state other than the initial one, every state must be able to reach one, and no
 * transition may come after an unguarded one for the same state and command. The default social CRM
 * process is {@link #standard(java.time.Duration)}.
 *
 * <p>{@link #apply} is a pure function: it checks the command against the table and returns the next
 * case (one new case record and one audit entry) or throws {@link IllegalCommandException}. The
 * engine stores the result with optimistic concurrency.
 *
 * @since 0.1.0
 */
public final class ProcessDefinition {
  private final String name;
  private final CaseState initial;
  private final Set<CaseState> states;
  private final Set<CaseState> terminal;
  private final Map<CaseState, Map<CommandKind, Rule[]>> table;
  private final Row[] rows;
  private final Set<CaseState> clockPaused;
  private final Set<CaseState> clockStopped;

  private ProcessDefinition(Builder b, Map<CaseState, Map<CommandKind, Rule[]>> table) {
    this.name = b.name;
    this.initial = Objects.requireNonNull(b.initial);
    this.states = Collections.unmodifiableSet(new LinkedHashSet<>(b.states));
    this.terminal = Set.copyOf(b.terminal);
    this.table = table;
    List<Row> built = new ArrayList<>();
    table.forEach((state, byCommand) -> built.add(new Row(state, byCommand)));
    this.rows = built.toArray(new Row[0]);
    this.clockPaused = Set.copyOf(b.clockPaused);
    this.clockStopped = Set.copyOf(b.clockStopped);
  }

  /**
   * Returns a builder for a host-declared process.
   *
   * @param name the process's name (for messages)
   * @return a new builder
   * @throws IllegalArgumentException if the name is blank
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /**
   * Returns the default social CRM process:
   * {@code NEW → TRIAGED → IN_PROGRESS ⇄ WAITING_ON_CUSTOMER → RESOLVED → CLOSED},
   * {@code RESOLVED → REOPENED} and {@code CLOSED → REOPENED} (within the reopen window) when the
   * customer writes again or an agent reopens, escalation as a level that never goes down, and notes
   * in every state. Resolving needs an answer sent on the origin channel and thread since the case
   * was (re)opened. SLA clocks pause in {@code WAITING_ON_CUSTOMER} and stop in {@code RESOLVED} and
   * {@code CLOSED}.
   *
   * @param reopenWindow how long after closing the customer may reopen a case
   * @return the definition
   * @throws IllegalArgumentException if the window is negative
   */
  public static ProcessDefinition standard(java.time.Duration reopenWindow) {
    return StandardProcess.define(reopenWindow);
  }

  /**
   * Applies a command to a case: the pure step the engine stores.
   *
   * <p>The first transition of the table for (state, command) whose guard holds is taken: its action
   * computes the next case with one appended audit entry (who, when, from, to, command, note,
   * channel). This step does not look for the command id in the trail; the engine does that first
   * ({@link #appliedEntry}), which makes {@link io.scrm.core.SocialCrm#apply} idempotent.
   *
   * @param current the case as read
   * @param command the command
   * @param now the engine's time
   * @return the next case (same version: the store sets the next one)
   * @throws IllegalCommandException if the command is not allowed in the case's state
   * @throws IllegalArgumentException if the case's state is not declared in this process
   * @throws IllegalStateException if the transition's {@link Action} breaks its contract: returns
   *     another case, leaves it in another state or with another open flag, or does not append
   *     exactly the command's audit entry
   */
  public Case apply(Case current, CaseCommand command, Instant now) {
    Objects.requireNonNull(current, "current");
    Objects.requireNonNull(command, "command");
    Objects.requireNonNull(now, "now");
    Row row = row(current.state());
    if (row == null) {
      throw new IllegalArgumentException("case " + current.id() + " is in state " + current.state()
          + ", which process " + name + " does not declare");
    }
    Rule[] rules = row.rules(command.kind());
    if (rules == null) {
      throw new IllegalCommandException(current.id(), current.state(), command.kind(), "no transition");
    }
    for (Rule rule : rules) {
      if (rule.guard.test(current, command, now)) {
        ChannelId channel = command.channel() != null ? command.channel() : current.originChannel();
        String note = command.thread() == null ? command.note()
            : "thread " + command.thread() + (command.note() == null ? "" : ": " + command.note());
        AuditEntry entry = new AuditEntry(now, command.actor(), command.kind().name(), current.state(), rule.to,
            channel, note, command.id());
        Case next = rule.action.perform(current, command, rule.to, rule.open, entry);
        String broken = broken(current, next, rule, entry);
        if (broken != null) {
          throw new IllegalStateException("action of " + current.state() + " -" + command.kind() + "-> " + rule.to
              + " " + broken);
        }
        return next;
      }
    }
    StringBuilder names = new StringBuilder("guard not met:");
    for (Rule rule : rules) {
      names.append(' ').append(rule.guardName);
    }
    throw new IllegalCommandException(current.id(), current.state(), command.kind(), names.toString());
  }

  /**
   * What an action's result breaks of the {@link Action} contract, or null: the engine stores it as
   * the command's outcome and finds the command by its entry when it is sent again.
   */
  private static @Nullable String broken(Case current, Case next, Rule rule, AuditEntry entry) {
    if (!next.id().equals(current.id())) {
      return "returned another case, " + next.id();
    }
    if (next.state() != rule.to && !next.state().equals(rule.to)) {
      return "left the case in " + next.state();
    }
    if (next.open() != rule.open) {
      return "left the case with open=" + next.open() + ", its target state needs open=" + rule.open;
    }
    List<AuditEntry> audit = next.audit();
    if (audit.size() != current.audit().size() + 1 || !audit.get(audit.size() - 1).equals(entry)) {
      return "did not append exactly the command's audit entry";
    }
    return null;
  }

  /**
   * Returns the audit entry a command with this id produced on the case, if it was applied. Only
   * the entries of process steps count (they name the state after the step): other lines that carry
   * an id, such as a reply's {@code REPLY_QUEUED} and {@code REPLY_SENT} with the outbound id, are
   * no command's outcome.
   *
   * @param c the case
   * @param commandId the command id
   * @return the entry, or null
   */
  public static @Nullable AuditEntry appliedEntry(Case c, String commandId) {
    List<AuditEntry> audit = c.audit();
    int hash = commandId.hashCode();
    for (int i = audit.size() - 1; i >= 0; i--) {
      AuditEntry e = audit.get(i);
      String id = e.commandId();
      if (id != null && id.hashCode() == hash && id.equals(commandId) && e.to() != null) {
        return e;
      }
    }
    return null;
  }

  /**
   * Returns whether the table has a transition for the command in the state (guards aside).
   *
   * @param state the state
   * @param command the command kind
   * @return whether a transition is declared
   */
  public boolean declares(CaseState state, CommandKind command) {
    Map<CommandKind, Rule[]> byCommand = table.get(state);
    return byCommand != null && byCommand.containsKey(command);
  }

  /**
   * Returns the target states the table declares for the command in the state, in guard order.
   *
   * @param state the state
   * @param command the command kind
   * @return the targets, empty if none
   */
  public List<CaseState> targets(CaseState state, CommandKind command) {
    Map<CommandKind, Rule[]> byCommand = table.get(state);
    Rule[] rules = byCommand == null ? null : byCommand.get(command);
    if (rules == null) {
      return List.of();
    }
    List<CaseState> out = new ArrayList<>(rules.length);
    for (Rule r : rules) {
      out.add(r.to);
    }
    return List.copyOf(out);
  }

  /**
   * Returns the process's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the state new cases start in.
   *
   * @return the initial state
   */
  public CaseState initial() {
    return initial;
  }

  /**
   * Returns the declared states, in declaration order.
   *
   * @return the states
   */
  public Set<CaseState> states() {
    return states;
  }

  /**
   * Returns the terminal states (a case there no longer takes messages of its thread).
   *
   * @return the terminal states
   */
  public Set<CaseState> terminal() {
    return terminal;
  }

  /**
   * Returns whether SLA clocks pause in the state (they resume on leaving it).
   *
   * @param state the state
   * @return whether clocks pause
   */
  public boolean pausesClocks(CaseState state) {
    return clockPaused.contains(state);
  }

  /**
   * Returns whether SLA clocks stop in the state (the matter is resolved or closed).
   *
   * @param state the state
   * @return whether clocks stop
   */
  public boolean stopsClocks(CaseState state) {
    return clockStopped.contains(state) || terminal.contains(state);
  }

  @Override
  public String toString() {
    return "ProcessDefinition[" + name + ", " + states.size() + " states]";
  }

  private @Nullable Row row(CaseState state) {
    for (Row r : rows) {
      if (r.state == state) {
        return r;
      }
    }
    for (Row r : rows) {
      if (r.state.equals(state)) {
        return r;
      }
    }
    return null;
  }

  /**
   * The transitions out of one state. Looked up by identity first: states and commands are usually
   * the shared constants, and a short scan of references beats hashing records.
   */
  private static final class Row {
    final CaseState state;
    final CommandKind[] commands;
    final Rule[][] rules;

    Row(CaseState state, Map<CommandKind, Rule[]> byCommand) {
      this.state = state;
      this.commands = byCommand.keySet().toArray(new CommandKind[0]);
      this.rules = new Rule[commands.length][];
      for (int i = 0; i < commands.length; i++) {
        rules[i] = byCommand.get(commands[i]);
      }
    }

    Rule @Nullable [] rules(CommandKind command) {
      CommandKind[] keys = commands;
      for (int i = 0; i < keys.length; i++) {
        if (keys[i] == command) {
          return rules[i];
        }
      }
      for (int i = 0; i < keys.length; i++) {
        if (keys[i].equals(command)) {
          return rules[i];
        }
      }
      return null;
    }
  }

  /** One guarded transition. */
  private static final class Rule {
    final CaseState to;
    final String guardName;
    final Guard guard;
    final Action action;
    final boolean open;

    Rule(CaseState to, String guardName, Guard guard, Action action, boolean open) {
      this.to = to;
      this.open = open;
      this.guardName = guardName;
      this.guard = guard;
      this.action = action;
    }
  }

  /** A declared transition before validation. */
  private record Declared(CaseState from, CommandKind command, CaseState to, String guardName, Guard guard,
      Action action) {}

  /**
   * Builds a {@link ProcessDefinition}. Not thread-safe; each method validates its arguments at once,
   * {@link #build()} validates the whole.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final String name;
    private @Nullable CaseState initial;
    private final Set<CaseState> states = new LinkedHashSet<>();
    private final Set<CaseState> terminal = new LinkedHashSet<>();
    private final Set<CaseState> clockPaused = new HashSet<>();
    private final Set<CaseState> clockStopped = new HashSet<>();
    private final List<Declared> transitions = new ArrayList<>();

    private Builder(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("name must not be blank");
      }
      this.name = name;
    }

    /**
     * Declares states.
     *
     * @param values the states
     * @return this builder
     */
    public Builder states(CaseState... values) {
      for (CaseState s : values) {
        states.add(Objects.requireNonNull(s, "states"));
      }
      return this;
    }

    /**
     * Sets the initial state (and declares it).
     *
     * @param value the state new cases start in
     * @return this builder
     */
    public Builder initial(CaseState value) {
      initial = Objects.requireNonNull(value, "initial");
      states.add(value);
      return this;
    }

    /**
     * Marks states as terminal. They must be declared by {@link #build()} time, and the initial state
     * must not be one of them.
     *
     * @param values the terminal states
     * @return this builder
     */
    public Builder terminal(CaseState... values) {
      for (CaseState s : values) {
        terminal.add(Objects.requireNonNull(s, "terminal"));
      }
      return this;
    }

    /**
     * Marks states in which SLA clocks pause (e.g. waiting on the customer).
     *
     * @param values the states
     * @return this builder
     */
    public Builder pauseClocksIn(CaseState... values) {
      for (CaseState s : values) {
        clockPaused.add(Objects.requireNonNull(s, "pauseClocksIn"));
      }
      return this;
    }

    /**
     * Marks states in which SLA clocks stop (e.g. resolved); terminal states always stop them.
     *
     * @param values the states
     * @return this builder
     */
    public Builder stopClocksIn(CaseState... values) {
      for (CaseState s : values) {
        clockStopped.add(Objects.requireNonNull(s, "stopClocksIn"));
      }
      return this;
    }

    /**
     * Declares an unguarded transition that only moves the case.
     *
     * @param from the state
     * @param command the command
     * @param to the target state
     * @return this builder
     */
    public Builder transition(CaseState from, CommandKind command, CaseState to) {
      return transition(from, command, to, "always", Guard.ALWAYS, Action.MOVE);
    }

    /**
     * Declares an unguarded transition with an action.
     *
     * @param from the state
     * @param command the command
     * @param to the target state
     * @param action what the transition does
     * @return this builder
     */
    public Builder transition(CaseState from, CommandKind command, CaseState to, Action action) {
      return transition(from, command, to, "always", Guard.ALWAYS, action);
    }

    /**
     * Declares a guarded transition with an action. Several transitions for one (state, command)
     * are tried in declaration order; the first whose guard holds is taken, so an unguarded one
     * ({@link Guard#ALWAYS}) must come last.
     *
     * @param from the state
     * @param command the command
     * @param to the target state
     * @param guardName the guard's name, shown when it refuses a command
     * @param guard the condition
     * @param action what the transition does
     * @return this builder
     * @throws IllegalArgumentException if the guard name is blank
     */
    public Builder transition(CaseState from, CommandKind command, CaseState to, String guardName, Guard guard,
        Action action) {
      Objects.requireNonNull(from, "from");
      Objects.requireNonNull(command, "command");
      Objects.requireNonNull(to, "to");
      Objects.requireNonNull(guardName, "guardName");
      if (guardName.isBlank()) {
        throw new IllegalArgumentException("guardName must not be blank");
      }
      transitions.add(new Declared(from, command, to, guardName, Objects.requireNonNull(guard, "guard"),
          Objects.requireNonNull(action, "action")));
      return this;
    }

    /**
     * Validates and builds the definition.
     *
     * @return the immutable definition
     * @throws IllegalStateException naming the problem: no initial state, a transition from or to an
     *     undeclared state, a transition declared after an unguarded one for the same state and
     *     command (it would never be taken), no terminal state, a terminal initial state, an
     *     undeclared terminal or clock state, a state that cannot be reached from the initial state,
     *     or a state from which no terminal state can be reached
     */
    public ProcessDefinition build() {
      String p = "process " + name + ": ";
      if (initial == null) {
        throw new IllegalStateException(p + "no initial state");
      }
      if (terminal.isEmpty()) {
        throw new IllegalStateException(p + "no terminal state");
      }
      if (terminal.contains(initial)) {
        // a case opens open: in a terminal state it would take its thread's messages while done
        throw new IllegalStateException(p + "initial state " + initial + " is terminal");
      }
      for (Set<CaseState> group : List.of(terminal, clockPaused, clockStopped)) {
        for (CaseState s : group) {
          if (!states.contains(s)) {
            throw new IllegalStateException(p + "state " + s + " is used but not declared");
          }
        }
      }
      Map<CaseState, Set<CaseState>> next = new HashMap<>();
      Map<CaseState, Set<CaseState>> previous = new HashMap<>();
      Map<CaseState, Set<CommandKind>> unguarded = new HashMap<>();
      for (Declared t : transitions) {
        if (!states.contains(t.from)) {
          throw new IllegalStateException(p + "transition " + t.from + " -" + t.command + "-> " + t.to
              + " starts in undeclared state " + t.from);
        }
        if (!states.contains(t.to)) {
          throw new IllegalStateException(p + "transition " + t.from + " -" + t.command + "-> " + t.to
              + " leads to undeclared state " + t.to);
        }
        Set<CommandKind> alwaysTaken = unguarded.computeIfAbsent(t.from, k -> new HashSet<>());
        if (alwaysTaken.contains(t.command)) {
          throw new IllegalStateException(p + "transition " + t.from + " -" + t.command + "-> " + t.to
              + " is never taken: an unguarded transition for " + t.command + " in " + t.from + " comes before it");
        }
        if (t.guard == Guard.ALWAYS) {
          alwaysTaken.add(t.command);
        }
        next.computeIfAbsent(t.from, k -> new HashSet<>()).add(t.to);
        previous.computeIfAbsent(t.to, k -> new HashSet<>()).add(t.from);
      }
      Set<CaseState> reachable = closure(Set.of(initial), next);
      Set<CaseState> unreachable = new LinkedHashSet<>(states);
      unreachable.removeAll(reachable);
      if (!unreachable.isEmpty()) {
        throw new IllegalStateException(p + "states unreachable from " + initial + ": " + unreachable);
      }
      Set<CaseState> canFinish = closure(terminal, previous);
      Set<CaseState> stuck = new LinkedHashSet<>(states);
      stuck.removeAll(canFinish);
      if (!stuck.isEmpty()) {
        throw new IllegalStateException(p + "states from which no terminal state can be reached: " + stuck);
      }
      Map<CaseState, Map<CommandKind, List<Rule>>> grouped = new LinkedHashMap<>();
      for (CaseState s : states) {
        grouped.put(s, new LinkedHashMap<>());
      }
      for (Declared t : transitions) {
        grouped.get(t.from).computeIfAbsent(t.command, k -> new ArrayList<>())
            .add(new Rule(t.to, t.guardName, t.guard, t.action, !terminal.contains(t.to)));
      }
      Map<CaseState, Map<CommandKind, Rule[]>> table = new HashMap<>();
      grouped.forEach((state, byCommand) -> {
        Map<CommandKind, Rule[]> frozen = new HashMap<>();
        byCommand.forEach((command, rules) -> frozen.put(command, rules.toArray(new Rule[0])));
        table.put(state, Map.copyOf(frozen));
      });
      return new ProcessDefinition(this, Map.copyOf(table));
    }

    private static Set<CaseState> closure(Set<CaseState> start, Map<CaseState, Set<CaseState>> edges) {
      Set<CaseState> seen = new HashSet<>(start);
      Deque<CaseState> todo = new ArrayDeque<>(start);
      while (!todo.isEmpty()) {
        for (CaseState n : edges.getOrDefault(todo.poll(), Set.of())) {
          if (seen.add(n)) {
            todo.add(n);
          }
        }
      }
      return seen;
    }
  }
}
