package io.scrm.core.consent;

/** The built-in default: allows only what needs no consent. */
enum StrictConsentPolicy implements ConsentPolicy {
  INSTANCE;

  @Override
  public ConsentDecision decide(ConsentQuery query) {
    return switch (query.action()) {
      case PUBLIC_REPLY -> ConsentDecision.allow(
          "public reply on the platform where the person posted publicly", "GDPR Art. 6(1)(f)");
      case REPLY_IN_THREAD -> ConsentDecision.allow(
          "reply in the thread the person started", "GDPR Art. 6(1)(b)");
      case SEND_MARKETING, SEND_TRANSACTIONAL, LINK_IDENTITY, ENRICH_CONTACT_POINT, TRACK,
          VIEW_PERSONAL_DATA, EXPORT_PERSONAL_DATA -> ConsentDecision.deny(
          "no consent module configured: " + query.action() + " needs a recorded consent or legal basis");
    };
  }
}
