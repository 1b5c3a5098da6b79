package io.scrm.consent;

import io.scrm.core.consent.ConsentAction;
import io.scrm.core.consent.ConsentDecision;
import io.scrm.core.consent.ConsentPolicy;
import io.scrm.core.consent.ConsentQuery;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ActorType;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consent gate: decides, from the consent ledger, the purposes and the agents' roles, whether
 * an action towards a person or on their data is allowed. Implements core's {@link ConsentPolicy}.
 * Thread-safe; never throws from {@link #decide(ConsentQuery)}: errors and unknowns deny.
 *
 * <p>Rules, in order: the purpose must be known, cover the action and allow the channel; a restricted
 * subject (GDPR Art. 18) is denied everything but access to their own data; agents need a role, and
 * a community manager may reply but not view or export personal data; public replies and replies in
 * the person's own thread rest on the purpose's legal basis, unless the person objected (under a
 * purpose that rests on consent, they need a grant as every other action does); every other
 * action towards the person needs a current, unexpired grant for exactly that purpose and channel that
 * no later objection overrides; marketing (for any purpose) and purposes that ask for it need a grant
 * confirmed by double opt-in, since marketing always reaches the person directly (e-mail, SMS, direct
 * message).
 *
 * <p>"Current" and "later" go by the order in which the ledger's entries were appended, not by their
 * times: the grant is the entry current at the query's time ({@link ConsentLedgerStore#latest}), and a
 * withdrawal, refusal, revocation, expiry or objection appended after it denies at once, even if the
 * instance that recorded it stamped it after the query's time because its clock is ahead. A grant
 * appended after such a "no" counts again once the query's time has reached its own.
 *
 * <p>Every decision writes exactly one {@link DecisionRecord} to the {@link DecisionLog}; its id is
 * the decision's {@code auditId}. Logs carry ids only.
 *
 * @since 0.1.0
 */
public final class ConsentGate implements ConsentPolicy {
  private static final Logger LOG = LoggerFactory.getLogger(ConsentGate.class);

  private final ConsentLedger ledger;
  private final ConsentLedgerStore store;
  private final Purposes purposes;
  private final Map<String, AgentRole> roles;
  private final @Nullable AgentRole defaultRole;
  private final DecisionLog log;
  private final String auditPrefix;
  private final AtomicLong auditSequence = new AtomicLong();

  private ConsentGate(Builder b) {
    this.ledger = b.ledger;
    this.store = b.ledger.store();
    this.purposes = b.ledger.purposes();
    this.roles = Map.copyOf(b.roles);
    this.defaultRole = b.defaultRole;
    this.log = b.log;
    byte[] r = new byte[4];
    new SecureRandom().nextBytes(r);
    this.auditPrefix = "decision-" + Digests.hex(r) + "-";
  }

  /**
   * Returns a builder.
   *
   * @param ledger the ledger the gate reads
   * @return a new builder
   */
  public static Builder builder(ConsentLedger ledger) {
    return new Builder(ledger);
  }

  /**
   * Decides a query. Never throws; any error is a denial. Writes one audit entry.
   *
   * @param query the question
   * @return the decision with its audit id
   */
  @Override
  public ConsentDecision decide(ConsentQuery query) {
    return decide(query, false);
  }

  /**
   * Decides a query right before a queued message is sent. Like {@link #decide(ConsentQuery)}, except
   * that a failure of the ledger or the decision log other than a refused value is thrown, not turned
   * into a denial: a denial at send time cancels the message for good, a failure only postpones it.
   *
   * @param query the question
   * @return the decision with its audit id
   * @throws RuntimeException if the ledger or the decision log failed
   */
  @Override
  public ConsentDecision decideAtSend(ConsentQuery query) {
    return decide(query, true);
  }

  private ConsentDecision decide(ConsentQuery query, boolean throwOutage) {
    Objects.requireNonNull(query, "query");
    ConsentDecision d;
    try {
      d = evaluate(query);
    } catch (RuntimeException e) {
      if (throwOutage && !(e instanceof IllegalArgumentException)) {
        LOG.warn("consent gate failed for subject {} action {}; the answer is unknown", query.subject(),
            query.action(), e);
        throw e;
      }
      LOG.warn("consent gate failed for subject {} action {}; denying", query.subject(), query.action(), e);
      d = ConsentDecision.deny("consent gate error: " + e.getClass().getSimpleName());
    }
    String auditId = auditPrefix + auditSequence.incrementAndGet();
    try {
      log.append(new DecisionRecord(auditId, query.at(), query.subject(), query.purpose(), query.channel(),
          query.action(), query.actor(), d.allowed(), d.reason(), d.evidenceId()));
    } catch (RuntimeException e) {
      if (throwOutage && !(e instanceof IllegalArgumentException)) {
        LOG.warn("decision log failed for {}; the answer is unknown", auditId, e);
        throw e;
      }
      LOG.warn("decision log failed for {}; denying", auditId, e);
      return ConsentDecision.deny("decision could not be audited");
    }
    LOG.debug("{} subject={} purpose={} channel={} action={} allowed={}", auditId, query.subject(), query.purpose(),
        query.channel(), query.action(), d.allowed());
    return new ConsentDecision(d.allowed(), d.reason(), d.legalBasis(), d.evidenceId(), auditId);
  }

  /**
   * Decides whether {@code actor} may perform {@code action} for {@code purpose} towards {@code
   * subject} on {@code channel} at {@code at}.
   *
   * @param subject the data subject
   * @param purpose the purpose id
   * @param channel the channel
   * @param action the action
   * @param actor who asks
   * @param at when
   * @return the decision with reason, legal basis, the ledger entry it rests on and its audit id
   */
  public ConsentDecision decide(ContactId subject, String purpose, ChannelId channel, ConsentAction action,
      Actor actor, Instant at) {
    return decide(new ConsentQuery(subject, purpose, channel, action, actor, at));
  }

  /**
   * Returns the decision log.
   *
   * @return the log
   */
  public DecisionLog decisionLog() {
    return log;
  }

  /**
   * Returns the ledger the gate reads.
   *
   * @return the ledger
   */
  public ConsentLedger ledger() {
    return ledger;
  }

  private ConsentDecision evaluate(ConsentQuery q) {
    Purpose p = purposes.get(q.purpose());
    if (p == null) {
      return ConsentDecision.deny("unknown purpose " + q.purpose());
    }
    ConsentAction action = q.action();
    boolean dataAccess = action == ConsentAction.VIEW_PERSONAL_DATA || action == ConsentAction.EXPORT_PERSONAL_DATA;
    if (!dataAccess && !p.actions().contains(action)) {
      return ConsentDecision.deny("purpose " + p.id() + " does not cover " + action);
    }
    if (!p.allowsChannel(q.channel())) {
      return ConsentDecision.deny("purpose " + p.id() + " does not allow channel " + q.channel());
    }
    ContactId subject = q.subject();
    if (store.isRestricted(subject) && !(action == ConsentAction.EXPORT_PERSONAL_DATA && mayExport(q))) {
      // the subject's own request, resting on Art. 18(1): no other subject's consent stands in for it
      return new ConsentDecision(false, "processing of the subject's data is restricted (GDPR Art. 18)",
          "GDPR Art. 18(1)", null, null);
    }
    Actor actor = q.actor();
    AgentRole role = null;
    if (actor.type() == ActorType.AGENT) {
      role = roles.getOrDefault(actor.id(), defaultRole);
      if (role == null) {
        return ConsentDecision.deny("agent has no role");
      }
    }
    switch (action) {
      case VIEW_PERSONAL_DATA:
        if (role != null ? role.mayView() : isSystemOrSelf(actor, subject)) {
          return ConsentDecision.allow("viewing personal data for " + p.id(), p.legalBasis().citation());
        }
        return ConsentDecision.deny("role " + role + " may not view personal data");
      case EXPORT_PERSONAL_DATA:
        if (mayExport(q)) {
          return ConsentDecision.allow("export of personal data (GDPR Art. 15, 20)",
              LegalBasis.LEGAL_OBLIGATION.citation());
        }
        return ConsentDecision.deny("role " + role + " may not export personal data");
      case PUBLIC_REPLY:
      case REPLY_IN_THREAD:
        if (p.consentRequired() || p.legalBasis() == LegalBasis.CONSENT) {
          // a host purpose resting on consent (e.g. chat offers) needs it also where the person wrote
          return consentBased(q, p);
        }
        for (ConsentRecord objection : objections(subject, p, action)) {
          if (objection != null) {
            return objectedTo(objection);
          }
        }
        return ConsentDecision.allow(action == ConsentAction.PUBLIC_REPLY
            ? "public reply where the person posted publicly" : "reply in the thread the person started",
            p.legalBasis().citation());
      default:
        return consentBased(q, p);
    }
  }

  private ConsentDecision consentBased(ConsentQuery q, Purpose p) {
    ConsentRecord r = ledger.decidingEntry(q.subject(), p.id(), q.channel(), q.at());
    if (r == null) {
      // no grant to weigh, but a recorded objection is still the reason, with its entry as evidence
      for (ConsentRecord objection : objections(q.subject(), p, q.action())) {
        if (objection != null) {
          return objectedTo(objection);
        }
      }
      return ConsentDecision.deny("no " + p.id() + " consent recorded on " + q.channel());
    }
    if (!r.state().grants()) {
      return new ConsentDecision(false, p.id() + " on " + q.channel() + " is " + r.state(), null, r.id(), null);
    }
    if (!r.validAt(q.at())) {
      return new ConsentDecision(false, p.id() + " consent on " + q.channel() + " expired", null, r.id(), null);
    }
    boolean doubleOptIn = p.doubleOptInRequired() || q.action() == ConsentAction.SEND_MARKETING;
    if (doubleOptIn && r.method() != CollectionMethod.DOUBLE_OPT_IN) {
      return new ConsentDecision(false, p.id() + " consent on " + q.channel() + " was not confirmed by double opt-in",
          null, r.id(), null);
    }
    // each objection that applies is weighed against the grant on its own: one appended later overrides it
    for (ConsentRecord objection : objections(q.subject(), p, q.action())) {
      if (ConsentLedger.overrides(objection, r)) {
        return objectedTo(objection);
      }
    }
    return new ConsentDecision(true, p.id() + " consent " + r.state() + " by " + r.method() + " on " + q.channel(),
        p.legalBasis().citation(), r.id(), null);
  }

  /**
   * The objections appended last that apply to this purpose and action, whatever their times: the
   * purpose's own and, for marketing under another purpose, the objection to marketing; each may be
   * null.
   */
  private @Nullable ConsentRecord[] objections(ContactId subject, Purpose p, ConsentAction action) {
    ConsentRecord own = ledger.objection(subject, p.id());
    if (action != ConsentAction.SEND_MARKETING || p.id().equals(Purpose.MARKETING.id())) {
      return new ConsentRecord[] {own};
    }
    return new ConsentRecord[] {own, ledger.objection(subject, Purpose.MARKETING.id())};
  }

  private static ConsentDecision objectedTo(ConsentRecord objection) {
    return new ConsentDecision(false, "subject objected to " + objection.purpose() + " (GDPR Art. 21)", null,
        objection.id(), null);
  }

  private boolean mayExport(ConsentQuery q) {
    Actor actor = q.actor();
    if (actor.type() == ActorType.AGENT) {
      AgentRole role = roles.getOrDefault(actor.id(), defaultRole);
      return role != null && role.mayExport();
    }
    return isSystemOrSelf(actor, q.subject());
  }

  private static boolean isSystemOrSelf(Actor actor, ContactId subject) {
    return actor.type() == ActorType.SYSTEM
        || actor.type() == ActorType.CUSTOMER && actor.id().equals(subject.value());
  }

  /**
   * Builds a {@link ConsentGate}. Not thread-safe; each setter validates at once.
   *
   * @since 0.1.0
   */
  public static final class Builder {
    private final ConsentLedger ledger;
    private final Map<String, AgentRole> roles = new HashMap<>();
    private @Nullable AgentRole defaultRole;
    private DecisionLog log = DecisionLog.inMemory();

    private Builder(ConsentLedger ledger) {
      this.ledger = Objects.requireNonNull(ledger, "ledger");
    }

    /**
     * Gives an agent a role.
     *
     * @param agentId the agent's id
     * @param role the role
     * @return this builder
     */
    public Builder role(String agentId, AgentRole role) {
      roles.put(Checks.text(agentId, "agentId", 200), Objects.requireNonNull(role, "role"));
      return this;
    }

    /**
     * Sets the role of agents without an explicit role.
     *
     * @param value the role, or null (the default) to deny every action of such agents
     * @return this builder
     */
    public Builder defaultRole(@Nullable AgentRole value) {
      defaultRole = value;
      return this;
    }

    /**
     * Sets the decision log.
     *
     * @param value the log; default in-memory
     * @return this builder
     */
    public Builder decisionLog(DecisionLog value) {
      log = Objects.requireNonNull(value, "decisionLog");
      return this;
    }

    /**
     * Builds the gate.
     *
     * @return the gate
     */
    public ConsentGate build() {
      return new ConsentGate(this);
    }
  }
}
