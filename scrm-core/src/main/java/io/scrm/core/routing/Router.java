package io.scrm.core.routing;

import io.scrm.core.IntakeDecision;
import io.scrm.core.IntakeRouter;
import io.scrm.core.model.Contact;
import io.scrm.core.model.Interaction;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rule-based {@link IntakeRouter}: decides by a {@link RuleSet}, then assigns within the chosen
 * team by an {@link Assigner}. Pass it to {@code SocialCrm.builder().intakeRouter(...)}. Thread-safe.
 *
 * <p>The decision depends only on the rules, the request and the assignment state: the same rules,
 * state and input give the same decision.
 *
 * @since 0.1.0
 */
public final class Router implements IntakeRouter {
  private static final Logger LOG = LoggerFactory.getLogger(Router.class);

  private final RuleSet rules;
  private final @Nullable Assigner assigner;
  private final IntentClassifier classifier;
  private final Clock clock;

  private Router(Builder b) {
    rules = Objects.requireNonNull(b.rules, "rules");
    assigner = b.assigner;
    classifier = b.classifier;
    clock = b.clock;
  }

  /**
   * Returns a builder.
   *
   * @param rules the rule set
   * @return a builder without assigner, without intent classifier, with the UTC system clock
   */
  public static Builder builder(RuleSet rules) {
    return new Builder(rules);
  }

  /**
   * Routes a new message for the engine.
   *
   * @param message the message
   * @param author its author's contact
   * @return the intake decision with the assignee and the explanation's summary
   */
  @Override
  public IntakeDecision route(Interaction message, Contact author) {
    RoutingRequest request = RoutingRequest.of(message, author, null, null, classifier.intents(message),
        clock.instant());
    Routed routed = route(request);
    LOG.debug("routed {}: rule={} queue={} assignee={}", message.id(), routed.decision().explanation().ruleId(),
        routed.decision().queue(), routed.assignee());
    return routed.decision().toIntakeDecision(routed.assignee());
  }

  /**
   * Decides on a request and assigns an agent: a rule's direct agent if available with capacity,
   * else an agent of the rule's queue (the existing owner first).
   *
   * @param request the request
   * @return the decision and the assignee
   */
  public Routed route(RoutingRequest request) {
    RoutingDecision decision = rules.decide(request);
    String assignee = null;
    if (assigner != null) {
      Optional<String> picked = Optional.empty();
      if (decision.agent() != null) {
        picked = assigner.assignDirect(decision.agent());
      }
      if (picked.isEmpty() && decision.queue() != null) {
        picked = assigner.assign(decision.queue(), decision.requiredSkills(), request.owner(), Duration.ZERO);
      }
      assignee = picked.orElse(null);
    } else {
      assignee = decision.agent();
    }
    return new Routed(decision, assignee);
  }

  /**
   * Frees the capacity the assigner counted for the agent when a case of theirs closes or goes to
   * someone else.
   *
   * @param assignee the agent
   */
  @Override
  public void released(String assignee) {
    if (assigner != null) {
      assigner.release(assignee);
    }
  }

  /**
   * Counts a case the agent took on outside routing (assigned by a command, or reopened) against
   * their capacity.
   *
   * @param assignee the agent
   */
  @Override
  public void taken(String assignee) {
    if (assigner != null) {
      assigner.take(assignee);
    }
  }

  /**
   * Returns the rules.
   *
   * @return the rule set
   */
  public RuleSet rules() {
    return rules;
  }

  /**
   * Returns the assigner.
   *
   * @return the assigner, if any
   */
  public Optional<Assigner> assigner() {
    return Optional.ofNullable(assigner);
  }

  /**
   * A decision and the agent assigned. Immutable.
   *
   * @param decision what the rules decided
   * @param assignee the agent assigned, or null if none (unrouted or nobody free: the item waits in its queue)
   * @since 0.1.0
   */
  public record Routed(RoutingDecision decision, @Nullable String assignee) {
    /**
     * Validates.
     *
     * @throws NullPointerException if the decision is missing
     */
    public Routed {
      Objects.requireNonNull(decision, "decision");
    }
  }

  /**
   * Builder of {@link Router}. Not thread-safe.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final RuleSet rules;
    private @Nullable Assigner assigner;
    private IntentClassifier classifier = IntentClassifier.none();
    private Clock clock = Clock.systemUTC();

    private Builder(RuleSet rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
    }

    /**
     * Sets the assigner of agents within teams.
     *
     * @param value the assigner
     * @return this builder
     */
    public Builder assigner(Assigner value) {
      assigner = Objects.requireNonNull(value, "assigner");
      return this;
    }

    /**
     * Sets the intent classifier.
     *
     * @param value the classifier; default finds none
     * @return this builder
     */
    public Builder classifier(IntentClassifier value) {
      classifier = Objects.requireNonNull(value, "classifier");
      return this;
    }

    /**
     * Sets the clock (for business hours).
     *
     * @param value the clock
     * @return this builder
     */
    public Builder clock(Clock value) {
      clock = Objects.requireNonNull(value, "clock");
      return this;
    }

    /**
     * Builds the router.
     *
     * @return the router
     */
    public Router build() {
      return new Router(this);
    }
  }
}
