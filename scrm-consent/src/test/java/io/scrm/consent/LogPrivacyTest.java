package io.scrm.consent;

import static org.assertj.core.api.Assertions.assertThat;

import io.scrm.core.IngestResult;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.ContactId;
import io.scrm.core.model.Visibility;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

final class LogPrivacyTest {
  private static final List<String> PERSONAL = List.of("juergen_h", "Jürgen", "Hoffmann", "juergen@example.org",
      "Router kaputt", "203.0.113", "198.51.100", "shop.example", "newsletter-box", "Hauptstr");

  @Test
  void consentFlows_atDebugLevel_logIdsButNoPersonalDataOrConsentPayload() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    String token;
    try {
      Fixture f = new Fixture();
      IngestResult dm = f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "Router kaputt, Hauptstr 5",
          Visibility.PRIVATE);
      ContactId subject = dm.contact();
      OptInRequest r = f.doubleOptIn.request(subject, "marketing", ChannelId.EMAIL, Fixture.NEWSLETTER,
          Map.of("email", "juergen@example.org"), Fixture.form());
      token = r.token();
      f.doubleOptIn.confirm(token, Evidence.builder().ip("198.51.100.23").build());
      f.crm.send(subject, ChannelId.EMAIL, "Router kaputt? Neue Router im Angebot", "marketing", Fixture.AGENT);
      f.crm.reply(dm.caseId(), Fixture.AGENT, "Hallo Jürgen Hoffmann");
      InboundOptOut.of(f.ledger, f.crm.stores()).attachTo(f.crm);
      f.tick();
      f.hear(ChannelId.TELEGRAM, "juergen_h", "Jürgen Hoffmann", "STOP", Visibility.PRIVATE);
      DataSubjectRequests dsr = DataSubjectRequests.of(f.crm, f.gate, f.doubleOptIn);
      dsr.export(subject, Fixture.DPO);
      dsr.erase(subject, Actor.SYSTEM);
    } finally {
      System.setErr(original);
    }
    String log = captured.toString(StandardCharsets.UTF_8);

    assertThat(log).contains("DEBUG io.scrm.consent.ConsentGate");
    for (String personal : PERSONAL) {
      assertThat(log).as("log mentions %s", personal).doesNotContain(personal);
    }
    assertThat(log).doesNotContain(token).doesNotContain(Fixture.NEWSLETTER.textHash());
  }
}
