package io.scrm.examples;

import io.scrm.consent.AgentRole;
import io.scrm.consent.ConsentGate;
import io.scrm.consent.ConsentLedger;
import io.scrm.consent.DoubleOptIn;
import io.scrm.consent.Evidence;
import io.scrm.consent.Notice;
import io.scrm.consent.OptInRequest;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import java.util.Map;

/**
 * The README's consent example, compiled and tested: the consent gate as the engine's policy, a
 * double opt-in, and a newsletter that the gate lets through only after it.
 *
 * @since 0.1.0
 */
public final class WithConsent {
  private WithConsent() {}

  /**
   * Runs the example.
   *
   * @param subject an existing contact
   * @return the newsletter before and after the double opt-in: queued or denied, with the reason
   */
  public static String run(ContactId subject) {
    // consent:begin
    ConsentLedger ledger = ConsentLedger.builder().build();
    ConsentGate gate = ConsentGate.builder(ledger)
        .role("anna", AgentRole.SERVICE_AGENT).role("tom", AgentRole.COMMUNITY_MANAGER).build();
    SocialCrm crm = SocialCrm.builder().consentPolicy(gate).build();
    ReplyResult before = crm.send(subject, ChannelId.EMAIL, "Unser Glasfaser-Newsletter", "marketing",
        Actor.agent("anna"));                                  // denied: no marketing consent on email
    DoubleOptIn optIn = DoubleOptIn.builder(ledger).build();
    OptInRequest request = optIn.request(subject, "marketing", ChannelId.EMAIL,
        Notice.of("newsletter", 1, "de", "Ja, ich möchte den Newsletter."),
        Map.of("email", "sabine@example.de"), Evidence.builder().form("footer").ip("203.0.113.7").build());
    optIn.confirm(request.token(), Evidence.builder().page("https://example.de/bestaetigt").build());
    ReplyResult after = crm.send(subject, ChannelId.EMAIL, "Unser Glasfaser-Newsletter", "marketing",
        Actor.agent("anna"));                                  // queued, asked again at send time
    // consent:end
    return (before.queued() ? "queued" : "denied: " + before.decision().reason()) + " / "
        + (after.queued() ? "queued" : "denied: " + after.decision().reason());
  }
}
