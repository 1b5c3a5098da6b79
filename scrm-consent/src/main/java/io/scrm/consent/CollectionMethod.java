package io.scrm.consent;

/**
 * How a consent ledger entry came about.
 *
 * @since 0.1.0
 */
public enum CollectionMethod {
  /** A web form. */
  WEB_FORM,
  /** A confirmed double opt-in. */
  DOUBLE_OPT_IN,
  /** Said in a conversation on a channel, recorded with the message id. */
  IN_CONVERSATION,
  /** Recorded by an agent (e.g. on the phone). */
  AGENT,
  /** Through the host application's API. */
  API,
  /** A withdrawal link in a message. */
  WITHDRAWAL_LINK,
  /** An inbound keyword such as STOP or Abmelden. */
  INBOUND_KEYWORD,
  /** A hard bounce of a message. */
  BOUNCE,
  /** A complaint (e.g. marked as spam). */
  COMPLAINT,
  /** The merge of two subjects. */
  MERGE,
  /** The consent ran out. */
  EXPIRY,
  /** A contract with the data subject. */
  CONTRACT,
  /** The erasure of the data subject (GDPR Art. 17); the method of {@link ConsentState#ERASED} entries. */
  ERASURE
}
