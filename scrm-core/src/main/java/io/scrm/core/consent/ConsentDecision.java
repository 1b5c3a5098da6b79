package io.scrm.core.consent;

import io.scrm.core.internal.Require;
import org.jspecify.annotations.Nullable;

/**
 * The consent gate's answer. Immutable and thread-safe.
 *
 * @param allowed whether the action may be performed
 * @param reason why, in words an auditor understands (never personal data)
 * @param legalBasis the legal basis the decision rests on, e.g. {@code GDPR Art. 6(1)(f)}, if any
 * @param evidenceId the ledger entry the decision rests on, if any
 * @param auditId the id of the audit record of this decision, if the policy keeps one
 * @since 0.1.0
 */
public record ConsentDecision(
    boolean allowed, String reason, @Nullable String legalBasis, @Nullable String evidenceId, @Nullable String auditId) {

  /**
   * Validates the decision.
   *
   * @throws IllegalArgumentException if the reason is blank
   */
  public ConsentDecision {
    Require.text(reason, "reason", 500);
    Require.optionalText(legalBasis, "legalBasis");
    Require.optionalText(evidenceId, "evidenceId");
    Require.optionalText(auditId, "auditId");
  }

  /**
   * Returns an allowing decision without ledger evidence.
   *
   * @param reason why
   * @param legalBasis the legal basis
   * @return the decision
   */
  public static ConsentDecision allow(String reason, String legalBasis) {
    return new ConsentDecision(true, reason, legalBasis, null, null);
  }

  /**
   * Returns a denying decision.
   *
   * @param reason why
   * @return the decision
   */
  public static ConsentDecision deny(String reason) {
    return new ConsentDecision(false, reason, null, null, null);
  }
}
