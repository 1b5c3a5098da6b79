package io.scrm.testing.adapters.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.ServerSetupTest;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.channels.Intake;
import io.scrm.channels.PollFailedException;
import io.scrm.channels.PollResult;
import io.scrm.channels.PollStats;
import io.scrm.channels.email.EmailAdapter;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import io.scrm.core.store.PollCursorStore;
import io.scrm.core.store.Stores;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Mails read from a real (in-process) IMAP server: in order, once, and across a restart. */
final class EmailOverImapTest {
  @RegisterExtension
  static final GreenMailExtension GREEN_MAIL = new GreenMailExtension(ServerSetupTest.SMTP_IMAP);

  private static final String MAILBOX = "service@glasfaser-nord.de";
  private static final String SECRET = "postfach-geheim";
  private GreenMailUser user;

  @BeforeEach
  void mailbox() {
    user = GREEN_MAIL.setUser(MAILBOX, MAILBOX, SECRET);
  }

  private static EmailAdapter.Builder adapter() {
    return EmailAdapter.builder().smtpHost("127.0.0.1").smtpPort(GREEN_MAIL.getSmtp().getPort()).startTls(false)
        .from("Glasfaser Nord Service <" + MAILBOX + ">").timeout(Duration.ofSeconds(5))
        .imap("127.0.0.1", GREEN_MAIL.getImap().getPort(), MAILBOX, SECRET).imapTls(false);
  }

  private void deliver(int n, String from, String subject, String body) throws Exception {
    String eml = "Message-ID: <frage-" + n + "@mail.example.de>\r\n"
        + "Date: Mon, 23 Nov 2026 09:" + String.format("%02d", n % 60) + ":00 +0100\r\n"
        + "From: " + from + "\r\n"
        + "To: " + MAILBOX + "\r\n"
        + "Subject: " + subject + "\r\n"
        + "MIME-Version: 1.0\r\n"
        + "Content-Type: text/plain; charset=UTF-8\r\n"
        + "Content-Transfer-Encoding: 8bit\r\n"
        + "\r\n" + body + "\r\n";
    deliverRaw(eml);
  }

  private void deliverRaw(String eml) throws Exception {
    user.deliver(new MimeMessage(Session.getInstance(new Properties()),
        new ByteArrayInputStream(eml.getBytes(StandardCharsets.UTF_8))));
  }

  @Test
  void poll_readsTheMailsAfterTheCursorOldestFirstAndGoesOnFromThere() throws Exception {
    deliver(1, "Jürgen Möller <juergen.moeller@example.de>", "Störung in Büsum", "Seit heute früh kein Internet.");
    deliver(2, "Kathrin Lüders <k.lueders@example.de>", "Router", "Die PON-LED blinkt rot.");
    try (EmailAdapter adapter = adapter().build()) {
      PollResult first = adapter.poll(null);
      assertThat(first.interactions()).extracting(Interaction::text)
          .containsExactly("Seit heute früh kein Internet.", "Die PON-LED blinkt rot.");
      assertThat(first.interactions().get(0).authorHandle()).isEqualTo("juergen.moeller@example.de");
      assertThat(first.more()).isFalse();

      PollResult nothing = adapter.poll(first.nextCursor());
      assertThat(nothing.interactions()).isEmpty();
      assertThat(nothing.nextCursor()).isEqualTo(first.nextCursor());

      deliver(3, "Jürgen Möller <juergen.moeller@example.de>", "Re: Störung in Büsum", "Geht wieder, danke!");
      PollResult next = adapter.poll(first.nextCursor());
      assertThat(next.interactions()).extracting(Interaction::text).containsExactly("Geht wieder, danke!");
    }
  }

  @Test
  void poll_aMailTheMappingRefusesIsSkippedByItsUidAndTheCursorMovesOn() throws Exception {
    deliver(4, "Kai <kai@example.de>", "Frage", "Wann kommt der Techniker?");
    deliverRaw("From: ohne-id@example.de\r\nTo: " + MAILBOX + "\r\nSubject: Kein Message-ID\r\n"
        + "Date: Mon, 23 Nov 2026 09:00:00 +0100\r\n\r\nohne Kennung\r\n");
    try (EmailAdapter adapter = adapter().build()) {
      PollResult result = adapter.poll(null);
      assertThat(result.interactions()).extracting(Interaction::text).containsExactly("Wann kommt der Techniker?");
      assertThat(result.skipped()).singleElement().asString().startsWith("mail uid 2 rejected")
          .doesNotContain("ohne-id").doesNotContain("Kein Message-ID");
      assertThat(result.nextCursor()).endsWith(":2");
      assertThat(adapter.poll(result.nextCursor()).interactions()).isEmpty();
    }
  }

  @Test
  void poll_outOfOfficeAnswersAndTheCompanysOwnMailsAreSkipped() throws Exception {
    deliverRaw("Message-ID: <ooo-1@example.de>\r\nFrom: Kai <kai@example.de>\r\nTo: " + MAILBOX + "\r\n"
        + "Subject: Abwesend\r\nAuto-Submitted: auto-replied\r\nDate: Mon, 23 Nov 2026 09:00:00 +0100\r\n\r\n"
        + "Ich bin bis Montag nicht im Haus.\r\n");
    deliver(5, "Glasfaser Nord Service <" + MAILBOX + ">", "Re: Frage", "Unsere Antwort, in Kopie an uns.");
    deliver(6, "Kai <kai@example.de>", "Frage", "Und jetzt?");
    deliverRaw("Message-ID: <formular-7@glasfaser-nord.de>\r\nFrom: Kontaktformular <" + MAILBOX + ">\r\n"
        + "Reply-To: Sabine Krüger <s.krueger@example.de>\r\nTo: " + MAILBOX + "\r\nSubject: Anfrage\r\n"
        + "Auto-Submitted: (vom Formular) no\r\nDate: Mon, 23 Nov 2026 09:05:00 +0100\r\n\r\n"
        + "Wir bauen ein Haus in Köln.\r\n");
    try (EmailAdapter adapter = adapter().build()) {
      PollResult result = adapter.poll(null);
      assertThat(result.interactions()).extracting(Interaction::text)
          .containsExactly("Und jetzt?", "Wir bauen ein Haus in Köln.");
      assertThat(result.interactions().get(1).authorHandle()).as("a contact form's customer")
          .isEqualTo("s.krueger@example.de");
      assertThat(result.skipped()).containsExactly("mail skipped: sent automatically (Auto-Submitted)",
          "mail skipped: sent by this account");
    }
  }

  @Test
  void poll_aFirstPollReadsTheNewestMailsAndSaysHowManyItLeft() throws Exception {
    for (int n = 0; n < 105; n++) {
      deliver(400 + n, "Kundin " + n + " <kundin" + n + "@example.de>", "Frage " + n, "Frage Nummer " + n);
    }
    try (EmailAdapter adapter = adapter().build()) {
      PollResult result = adapter.poll(null);
      assertThat(result.interactions()).hasSize(100);
      assertThat(result.interactions().get(0).text()).isEqualTo("Frage Nummer 5");
      assertThat(result.skipped()).containsExactly("mailbox: 5 older mails not read on the first poll");
      assertThat(result.more()).isFalse();
    }
  }

  @Test
  void intake_readsABacklogInOneRoundAndEachMailOnceAcrossARestart() throws Exception {
    SocialCrm crm = SocialCrm.builder().stores(Stores.inMemory()).build();
    PollCursorStore cursors = PollCursorStore.inMemory();
    deliver(9, "Kai <kai@example.de>", "Erste", "Die erste Frage.");
    try (EmailAdapter adapter = adapter().build();
        Intake intake = Intake.builder(crm, Channels.of(adapter)).cursors(cursors)
            .poll(ChannelId.EMAIL, Duration.ofMinutes(1)).build()) {
      assertThat(intake.pollDue().created()).isEqualTo(1);
      for (int n = 0; n < 120; n++) {
        deliver(10 + n, "Kundin " + n + " <kundin" + n + "@example.de>", "Frage " + n, "Frage Nummer " + n);
      }
      PollStats backlog = intake.pollNow(ChannelId.EMAIL);
      assertThat(backlog.created()).isEqualTo(120);
      assertThat(backlog.polls()).as("100 mails, then the other 20").isEqualTo(2);
    }
    deliver(200, "Kai <kai@example.de>", "Noch eine", "Noch eine Frage.");
    try (EmailAdapter restarted = adapter().build();
        Intake intake = Intake.builder(crm, Channels.of(restarted)).cursors(cursors)
            .poll(ChannelId.EMAIL, Duration.ofMinutes(1)).build()) {
      PollStats round = intake.pollDue();
      assertThat(round.created()).isEqualTo(1);
      assertThat(round.duplicates()).isZero();
    }
    assertThat(crm.stores().interactions().count()).isEqualTo(122);
  }

  @Test
  void poll_wrongPasswordOrNoServer_failsAsAPollWithoutQuotingTheServer() throws Exception {
    try (EmailAdapter wrong = EmailAdapter.builder().smtpHost("127.0.0.1").from(MAILBOX)
        .imap("127.0.0.1", GREEN_MAIL.getImap().getPort(), MAILBOX, "falsch").imapTls(false)
        .timeout(Duration.ofSeconds(5)).build()) {
      assertThatThrownBy(() -> wrong.poll(null)).isInstanceOfSatisfying(PollFailedException.class,
          e -> assertThat(e.getMessage()).contains("IMAP").doesNotContain("falsch").doesNotContain(MAILBOX));
    }
    int unused;
    try (ServerSocket probe = new ServerSocket(0)) {
      unused = probe.getLocalPort();
    }
    try (EmailAdapter nobody = EmailAdapter.builder().smtpHost("127.0.0.1").from(MAILBOX)
        .imap("127.0.0.1", unused, MAILBOX, SECRET).imapTls(false).timeout(Duration.ofSeconds(2)).build()) {
      assertThatThrownBy(() -> nobody.poll(null)).isInstanceOf(PollFailedException.class);
    }
    try (EmailAdapter adapter = adapter().build()) {
      assertThatThrownBy(() -> adapter.poll("abc")).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("uidValidity:lastUid");
    }
    try (EmailAdapter smtpOnly = EmailAdapter.builder().smtpHost("127.0.0.1").from(MAILBOX).build()) {
      assertThatThrownBy(() -> smtpOnly.poll(null)).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Test
  void provider_readsTheImapSettings() throws Exception {
    deliver(300, "Kai <kai@example.de>", "Über den Provider", "Hallo über den Provider.");
    try (var adapter = Channels.create("email", ChannelConfig.of(Map.of("smtp-host", "127.0.0.1", "from", MAILBOX,
        "imap-host", "127.0.0.1", "imap-port", Integer.toString(GREEN_MAIL.getImap().getPort()),
        "imap-user", MAILBOX, "imap-password", SECRET, "imap-tls", "false")))) {
      assertThat(adapter.poll(null).interactions()).extracting(Interaction::text)
          .containsExactly("Hallo über den Provider.");
    }
  }

  @Test
  void provider_refusesImapSettingsWithoutAHost() {
    assertThatThrownBy(() -> Channels.create("email", ChannelConfig.of(Map.of("smtp-host", "127.0.0.1", "from", MAILBOX,
        "imap-user", MAILBOX)))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("imap-host");
  }
}
