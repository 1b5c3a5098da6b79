package io.scrm.consent;

/**
 * What an agent may do with personal data, checked by the {@link ConsentGate}.
 *
 * @since 0.1.0
 */
public enum AgentRole {
  /** Answers publicly and in the customer's own thread; may not view or export CRM personal data. */
  COMMUNITY_MANAGER,
  /** Handles cases: replies and views personal data. */
  SERVICE_AGENT,
  /** Works leads: replies, sends, views personal data. */
  SALES,
  /** Handles data-subject requests: may view and export personal data. */
  DATA_PROTECTION_OFFICER;

  boolean mayView() {
    return this != COMMUNITY_MANAGER;
  }

  boolean mayExport() {
    return this == DATA_PROTECTION_OFFICER;
  }
}
