package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.consent.contract.MutableClock;
import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.OutboundId;
import io.scrm.core.model.OutboundMessage;
import io.scrm.core.model.Visibility;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The consent part of the demo, as a host would write it. */
final class DemoFlowTest {

  @Test
  void demo_monitoredReplyDeniedDmDoubleOptInWithdrawalExportErase_allAsDescribed() {
    MutableClock clock = new MutableClock(Fixture.START);

    // --- snippet (as in the report) ---
    ConsentLedger ledger = ConsentLedger.builder().clock(clock).build();
    ConsentGate gate = ConsentGate.builder(ledger).role("anna", AgentRole.SERVICE_AGENT)
        .role("chris", AgentRole.COMMUNITY_MANAGER).role("dora", AgentRole.DATA_PROTECTION_OFFICER).build();
    DoubleOptIn optIn = DoubleOptIn.builder(ledger).build();
    SocialCrm crm = SocialCrm.builder().clock(clock).consentPolicy(gate).build();
    IngestResult mention = crm.ingest(Interaction.inbound(ChannelId.X, "1790000000000000001").thread("post-1")
        .author("juergen_h", "Jürgen Hoffmann").text("@brand Router kaputt").occurredAt(clock.instant())
        .visibility(Visibility.PUBLIC).kind(InteractionKind.MENTION).build());
    ContactId juergen = mention.contact();
    boolean publicReply = crm.reply(mention.caseId(), Actor.agent("chris"), "Das tut uns leid!").queued();
    String denied = crm.send(juergen, ChannelId.X, "20 % Rabatt", "marketing", Actor.agent("anna"))
        .decision().reason();
    Notice notice = Notice.of("newsletter-de", 1, "de", "Ja, ich möchte den Newsletter per E-Mail.");
    OptInRequest req = optIn.request(juergen, "marketing", ChannelId.EMAIL, notice,
        Map.of("email", "juergen@example.org"), Evidence.builder().form("footer").ip("203.0.113.7").build());
    optIn.confirm(req.token(), Evidence.NONE);
    OutboundId newsletter = crm.send(juergen, ChannelId.EMAIL, "Newsletter März", "marketing", Actor.agent("anna"))
        .outbound();
    ledger.withdraw(juergen, "marketing", ChannelId.EMAIL, CollectionMethod.WITHDRAWAL_LINK, Actor.customer(juergen));
    OutboundMessage queued = crm.stores().outbox().find(newsletter).orElseThrow();
    String atSend = crm.outbox().recheck(queued).reason();
    DataSubjectRequests dsr = DataSubjectRequests.of(crm, gate, optIn);
    String json = dsr.export(juergen, Actor.agent("dora"));
    ErasureReport erased = dsr.erase(juergen, Actor.agent("dora"));
    // --- end of snippet ---

    assertThat(publicReply).isTrue();
    assertThat(denied).isEqualTo("no marketing consent recorded on x");
    assertThat(req.issued()).isTrue();
    assertThat(atSend).isEqualTo("marketing on email is WITHDRAWN");
    assertThat(json).contains("consentReceipts");
    assertThat(erased.outbound()).isEqualTo(2);
    assertThat(crm.stores().contacts().find(juergen)).isEmpty();
  }
}
