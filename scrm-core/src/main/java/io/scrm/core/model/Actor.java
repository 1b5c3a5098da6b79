package io.scrm.core.model;

import io.scrm.core.internal.Require;
import java.util.Objects;

/**
 * Who performed an action: an agent, the system, or the customer. Immutable and thread-safe.
 *
 * @param type agent, system or customer
 * @param id the agent's id, the system component's name, or the customer's contact id
 * @since 0.1.0
 */
public record Actor(ActorType type, String id) {
  /** The engine itself. */
  public static final Actor SYSTEM = new Actor(ActorType.SYSTEM, "scrm");

  /**
   * Validates the actor.
   *
   * @throws IllegalArgumentException if the id is blank
   */
  public Actor {
    Objects.requireNonNull(type, "type");
    Require.text(id, "id", 200);
  }

  /**
   * Returns an agent.
   *
   * @param agentId the agent's id
   * @return the actor
   */
  public static Actor agent(String agentId) {
    return new Actor(ActorType.AGENT, agentId);
  }

  /**
   * Returns a system component.
   *
   * @param name the component's name
   * @return the actor
   */
  public static Actor system(String name) {
    return new Actor(ActorType.SYSTEM, name);
  }

  /**
   * Returns the customer.
   *
   * @param contact the customer's contact id
   * @return the actor
   */
  public static Actor customer(ContactId contact) {
    return new Actor(ActorType.CUSTOMER, contact.value());
  }

  @Override
  public String toString() {
    return type.name().toLowerCase(java.util.Locale.ROOT) + ":" + id;
  }
}
