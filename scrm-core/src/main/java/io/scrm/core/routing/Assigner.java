package io.scrm.core.routing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Assigns work within a team to one agent: the existing owner first (sticky), then by the team's
 * strategy among the agents who are available, have the required skills (or the item waited longer
 * than the team's widening time) and have free capacity. Capacity is taken atomically, so it is
 * never exceeded, also under concurrent callers. Thread-safe.
 *
 * @since 0.1.0
 */
public final class Assigner {
  private static final Logger LOG = LoggerFactory.getLogger(Assigner.class);

  private final Map<String, Agent> agents;
  private final Map<String, Team> teams;
  private final RoutingState state;

  private Assigner(Builder b) {
    agents = Map.copyOf(b.agents);
    teams = Map.copyOf(b.teams);
    state = b.state;
  }

  /**
   * Returns a builder.
   *
   * @return a builder with in-memory state
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Assigns an item of a team to an agent and takes one unit of the agent's capacity.
   *
   * @param team the team (queue) name
   * @param requiredSkills skills the agent needs
   * @param owner the existing owner to ask first, if any; asked only if a member of the team
   * @param waited how long the item has waited (skills are widened after the team's time)
   * @return the agent's id, or empty if the team is unknown or nobody eligible has capacity
   */
  public Optional<String> assign(String team, Set<String> requiredSkills, @Nullable String owner, Duration waited) {
    Objects.requireNonNull(team, "team");
    Objects.requireNonNull(requiredSkills, "requiredSkills");
    Objects.requireNonNull(waited, "waited");
    Team t = teams.get(team);
    if (t == null) {
      return Optional.empty();
    }
    boolean widened = waited.compareTo(t.widenSkillsAfter()) >= 0;
    // the owner is asked first within the team only: a sales advisor who owns the account does not
    // take the account's outage reports
    if (owner != null && t.members().contains(owner) && eligible(owner, requiredSkills, widened)
        && acquire(owner)) {
      LOG.debug("team {}: sticky owner {}", team, owner);
      return Optional.of(owner);
    }
    List<Agent> eligible = new ArrayList<>();
    for (String id : t.members()) {
      if (eligible(id, requiredSkills, widened)) {
        eligible.add(agents.get(id));
      }
    }
    if (eligible.isEmpty()) {
      return Optional.empty();
    }
    if (t.strategy() == AssignmentStrategy.ROUND_ROBIN) {
      return nextInTurn(t, eligible);
    }
    List<Agent> byLoad = new ArrayList<>(eligible);
    Map<String, Integer> loads = new LinkedHashMap<>();
    for (Agent a : byLoad) {
      loads.put(a.id(), state.load(a.id()));
    }
    byLoad.sort(Comparator.comparingInt(a -> loads.get(a.id())));
    for (Agent a : byLoad) {
      if (acquire(a.id())) {
        return Optional.of(a.id());
      }
    }
    return Optional.empty();
  }

  /**
   * The first eligible member from the team's cursor on, in member order. The cursor counts member
   * slots, and the slots of the members passed over are taken as well: the next item then goes to
   * the member after the one who got this item, also when members are away or at capacity in turn.
   */
  private Optional<String> nextInTurn(Team t, List<Agent> eligible) {
    List<String> members = t.members();
    Set<String> ids = new HashSet<>();
    eligible.forEach(a -> ids.add(a.id()));
    int start = (int) Math.floorMod(state.nextTurn(t.name()), (long) members.size());
    for (int i = 0; i < members.size(); i++) {
      String id = members.get((start + i) % members.size());
      if (ids.contains(id) && acquire(id)) {
        for (int passed = 0; passed < i; passed++) {
          state.nextTurn(t.name());
        }
        LOG.debug("team {}: turn of {}", t.name(), id);
        return Optional.of(id);
      }
    }
    return Optional.empty();
  }

  /**
   * Assigns an item to one agent directly, if available and with free capacity.
   *
   * @param agent the agent's id
   * @return the agent's id, or empty
   */
  public Optional<String> assignDirect(String agent) {
    Objects.requireNonNull(agent, "agent");
    return eligible(agent, Set.of(), true) && acquire(agent) ? Optional.of(agent) : Optional.empty();
  }

  private boolean eligible(String id, Set<String> skills, boolean widened) {
    Agent a = agents.get(id);
    return a != null && state.availability(id) == Availability.AVAILABLE
        && (widened || a.skills().containsAll(skills)) && state.load(id) < a.capacity();
  }

  private boolean acquire(String id) {
    return state.tryAcquire(id, agents.get(id).capacity());
  }

  /**
   * Counts one more item for an agent who took it on outside this assigner (assigned by hand, or a
   * closed item reopened), even beyond their capacity: they hold it all the same, and get no new
   * item from the assigner until their load is below capacity again. An agent this assigner does
   * not know is ignored.
   *
   * @param agent the agent's id
   * @since 0.1.0
   */
  public void take(String agent) {
    if (agents.containsKey(Objects.requireNonNull(agent, "agent"))) {
      state.tryAcquire(agent, Integer.MAX_VALUE);
    }
  }

  /**
   * Gives back one unit of an agent's capacity when an item is closed or handed on.
   *
   * @param agent the agent's id
   */
  public void release(String agent) {
    state.release(Objects.requireNonNull(agent, "agent"));
  }

  /**
   * Returns whether a team of this name is known.
   *
   * @param team the name
   * @return true if known
   */
  public boolean hasTeam(String team) {
    return teams.containsKey(team);
  }

  /**
   * Returns the state, e.g. to set availability or read loads.
   *
   * @return the state
   */
  public RoutingState state() {
    return state;
  }

  /**
   * Returns an agent.
   *
   * @param id the agent's id
   * @return the agent, if known
   */
  public Optional<Agent> agent(String id) {
    return Optional.ofNullable(agents.get(id));
  }

  /**
   * Builder of {@link Assigner}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final Map<String, Agent> agents = new LinkedHashMap<>();
    private final Map<String, Team> teams = new LinkedHashMap<>();
    private RoutingState state = RoutingState.inMemory();

    private Builder() {}

    /**
     * Adds an agent.
     *
     * @param value the agent
     * @return this builder
     */
    public Builder agent(Agent value) {
      Objects.requireNonNull(value, "agent");
      if (agents.putIfAbsent(value.id(), value) != null) {
        throw new IllegalArgumentException("agent: duplicate id " + value.id());
      }
      return this;
    }

    /**
     * Adds a team.
     *
     * @param value the team
     * @return this builder
     */
    public Builder team(Team value) {
      Objects.requireNonNull(value, "team");
      if (teams.putIfAbsent(value.name(), value) != null) {
        throw new IllegalArgumentException("team: duplicate name " + value.name());
      }
      return this;
    }

    /**
     * Sets the state store.
     *
     * @param value the state; default {@link RoutingState#inMemory()}
     * @return this builder
     */
    public Builder state(RoutingState value) {
      state = Objects.requireNonNull(value, "state");
      return this;
    }

    /**
     * Builds the assigner.
     *
     * @return the assigner
     * @throws IllegalArgumentException if a team names an unknown agent
     */
    public Assigner build() {
      for (Team t : teams.values()) {
        for (String m : t.members()) {
          if (!agents.containsKey(m)) {
            throw new IllegalArgumentException("team " + t.name() + ": unknown member " + m);
          }
        }
      }
      return new Assigner(this);
    }
  }
}
