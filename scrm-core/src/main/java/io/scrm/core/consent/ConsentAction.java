package io.scrm.core.consent;

/**
 * An action on a person's data or towards a person that the consent gate decides on.
 *
 * @since 0.1.0
 */
public enum ConsentAction {
  /** Send advertising or a newsletter. Needs consent (UWG §7; for e-mail and DMs double opt-in). */
  SEND_MARKETING,
  /** Send a transactional message (order, contract, requested information). */
  SEND_TRANSACTIONAL,
  /** Answer publicly on the platform where the person posted publicly. */
  PUBLIC_REPLY,
  /** Answer in the person's own private thread that they started. */
  REPLY_IN_THREAD,
  /** Link a social identity to a customer record. Needs profile-linking consent. */
  LINK_IDENTITY,
  /** Add a contact point (address, phone) to a contact. Never from monitoring data. */
  ENRICH_CONTACT_POINT,
  /** Track behaviour (link clicks, opens). Needs tracking consent. */
  TRACK,
  /** Show personal data from the CRM to an agent. */
  VIEW_PERSONAL_DATA,
  /** Export personal data (e.g. a data-subject access request). */
  EXPORT_PERSONAL_DATA
}
