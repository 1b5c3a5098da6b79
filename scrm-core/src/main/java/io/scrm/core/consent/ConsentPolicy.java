package io.scrm.core.consent;

/**
 * The consent gate as the engine sees it (a port). Implementations must be thread-safe and must never
 * throw: any doubt, error or unknown is a denial.
 *
 * <p>The engine asks the policy before it queues an outbound message and again right before the
 * message is sent, so a withdrawal stops messages that were already queued. {@link #strict()} is the
 * default when the host configures no policy; the {@code scrm-consent} module provides the full gate
 * with a consent ledger.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface ConsentPolicy {

  /**
   * Decides whether an action is allowed.
   *
   * @param query what is asked
   * @return the decision; never null
   */
  ConsentDecision decide(ConsentQuery query);

  /**
   * Decides, right before a queued message is sent, whether it may still go out. A denial here
   * cancels the message for good, so a policy that cannot answer for the moment (its ledger or
   * decision log briefly unreachable) throws instead, and the dispatcher tries again later. The
   * default asks {@link #decide}.
   *
   * @param query what is asked
   * @return the decision; never null
   * @throws RuntimeException if the answer is not known now
   * @since 0.1.0
   */
  default ConsentDecision decideAtSend(ConsentQuery query) {
    return decide(query);
  }

  /**
   * Returns the strict built-in policy: public replies and replies in the person's own thread are
   * allowed (legitimate interest and the person's own request); everything that needs consent or a
   * contract (marketing, transactional messages, identity linking, contact enrichment, tracking) is
   * denied, and so is access to personal data beyond the reply itself.
   *
   * @return the strict policy, a stateless singleton
   */
  static ConsentPolicy strict() {
    return StrictConsentPolicy.INSTANCE;
  }
}
