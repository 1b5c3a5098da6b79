package io.scrm.core.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.IngestResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.event.IntakeRouted;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.InteractionId;
import io.scrm.core.model.InteractionKind;
import io.scrm.core.model.Visibility;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class IntakeRoutedEventTest {
  private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
  private final Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
  private final SocialCrm crm = SocialCrm.builder().clock(clock).intakeRouter(ExampleRules.router(clock)).build();
  private final List<IntakeRouted> routed = new ArrayList<>();

  {
    crm.events().subscribe(IntakeRouted.class, routed::add);
  }

  private static Interaction post(String id, String text) {
    return Interaction.inbound(ChannelId.X, id).thread("thread-" + id).author("@user-" + id, null)
        .kind(InteractionKind.MENTION).visibility(Visibility.PUBLIC).language("de").text(text).occurredAt(T0)
        .build();
  }

  @Test
  void newLead_publishesWhereItWentAndWhy() {
    IngestResult r = crm.ingest(post("1", "Wir bauen ein Einfamilienhaus und suchen Beratung"));

    assertThat(routed).hasSize(1);
    IntakeRouted event = routed.get(0);
    assertThat(event.leadId()).isEqualTo(r.leadId());
    assertThat(event.caseId()).isNull();
    assertThat(event.interaction()).isEqualTo(r.interaction());
    assertThat(event.queue()).isEqualTo(ExampleRules.SALES);
    assertThat(event.assignee()).isEqualTo("advisor-1");
    assertThat(event.explanation()).contains("lead-house-builder").doesNotContain("Einfamilienhaus");
  }

  @Test
  void newCase_publishesItsQueueAndRule_andAFollowUpInTheThreadPublishesNothing() {
    IngestResult r = crm.ingest(post("2", "Schon wieder kein Strom in Ehrenfeld!"));
    crm.ingest(Interaction.inbound(ChannelId.X, "3").thread("thread-2").author("@user-2", null)
        .kind(InteractionKind.REPLY).visibility(Visibility.PUBLIC).text("Immer noch nichts").occurredAt(T0).build());

    assertThat(routed).singleElement().satisfies(event -> {
      assertThat(event.caseId()).isEqualTo(r.caseId());
      assertThat(event.queue()).isEqualTo(ExampleRules.OUTAGE);
      assertThat(event.explanation()).startsWith("rule outage matched");
    });
  }

  @Test
  void eventNeedsExactlyOneTarget() {
    assertThatThrownBy(() -> new IntakeRouted(T0, InteractionId.of(ChannelId.X, "1"), null, null, null, null, "x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("caseId and leadId");
  }
}
