package io.scrm.core.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** Someone else posting in the public thread of Kai's case is not Kai replying. */
final class OtherPersonInThreadTest {
  private static final Actor ANNA = Actor.agent("anna");

  private static Interaction mention(Fixture f, String id, String thread, String author) {
    return Interaction.inbound(ChannelId.MASTODON, id).thread(thread).author(author, null)
        .text("Bei mir auch kein Netz").occurredAt(f.clock.instant()).visibility(Visibility.PUBLIC)
        .kind(InteractionKind.MENTION).build();
  }

  @Test
  void anotherPersonsPostInTheThreadOfAResolvedCase_isNotAuditedAsTheCustomersReply() {
    Fixture f = new Fixture();
    CaseId id = f.open(); // Kai's public mention
    f.crm.apply(id, CaseCommand.triage("t", ANNA, "service", null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    Case resolved = f.crm.apply(id, CaseCommand.resolve("r", ANNA, null)).stored();
    f.clock.advance(Duration.ofHours(1));

    IngestResult jule = f.crm.ingest(mention(f, "jule-1", resolved.originThread(), "jule@koeln.social"));

    Case after = f.crm.findCase(id).orElseThrow();
    assertThat(after.audit()).filteredOn(e -> e.action().equals("MESSAGE"))
        .singleElement().extracting(AuditEntry::actor).isEqualTo(Actor.customer(jule.contact()));
    assertThat(after.audit()).as("Kai never replied, yet a CUSTOMER_REPLIED in his name is in the trail")
        .noneMatch(e -> e.action().equals("CUSTOMER_REPLIED"));
  }

  @Test
  void anotherPersonsPostInTheThreadOfAResolvedCase_leavesItResolved() {
    Fixture f = new Fixture();
    CaseId id = f.open();
    f.crm.apply(id, CaseCommand.triage("t", ANNA, "service", null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    Case resolved = f.crm.apply(id, CaseCommand.resolve("r", ANNA, null)).stored();

    f.crm.ingest(mention(f, "jule-2", resolved.originThread(), "jule@koeln.social"));

    assertThat(f.crm.findCase(id).orElseThrow().state())
        .as("as for a closed case (README: 'from someone else, it opens a new case'), a stranger does not reopen")
        .isEqualTo(CaseState.RESOLVED);
  }

  @Test
  void anotherPersonsPostInTheThread_doesNotRestartTheKeepInformedClock() {
    Fixture f = new Fixture(SocialCrm.builder().slaPolicies(SlaPolicies.builder(new SlaPolicy("fast",
        Duration.ofMinutes(30), Duration.ofHours(1), Duration.ofHours(8), 0.5,
        BusinessCalendar.twentyFourSeven(ZoneOffset.UTC))).build()));
    CaseId id = f.open(); // Kai's public mention
    f.crm.apply(id, CaseCommand.triage("t", ANNA, "service", null));
    f.crm.apply(id, CaseCommand.start("s", ANNA));
    f.answer(id);
    f.clock.advance(Duration.ofMinutes(50));
    f.crm.ingest(mention(f, "jule-3", f.crm.findCase(id).orElseThrow().originThread(), "jule@koeln.social"));
    f.clock.advance(Duration.ofMinutes(20));

    SlaClock keep = f.crm.slaStatus(id).clock(SlaClockType.KEEP_INFORMED);
    assertThat(keep.elapsed()).as("Kai last heard from us 70 minutes ago").isEqualTo(Duration.ofMinutes(70));
    assertThat(keep.breached()).isTrue();
  }
}
