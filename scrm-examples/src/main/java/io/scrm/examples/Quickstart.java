package io.scrm.examples;

import io.scrm.core.IngestResult;
import io.scrm.core.ReplyResult;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Interaction;
import java.time.Instant;

/**
 * The README's quickstart, compiled and tested: hear a customer, open a case, answer on the same
 * channel and thread through the consent gate and the outbox.
 *
 * @since 0.1.0
 */
public final class Quickstart {
  private Quickstart() {}

  /**
   * Runs the quickstart.
   *
   * @return one line: the case's state, and whether the reply was queued
   */
  public static String run() {
    // quickstart:begin
    SocialCrm crm = SocialCrm.ofDefaults();
    IngestResult in = crm.ingest(Interaction.inbound(ChannelId.TELEGRAM, "4711:1")
        .thread("4711").author("juergen_h", "Jürgen Hoffmann")
        .text("Mein Router ist seit drei Wochen nicht geliefert!")
        .occurredAt(Instant.now()).build());
    ReplyResult out = crm.reply(in.caseId(), Actor.agent("anna"),
        "Das tut uns leid! Wir prüfen die Lieferung sofort und melden uns hier.");
    String summary = crm.findCase(in.caseId()).orElseThrow().state() + " reply queued=" + out.queued();
    // quickstart:end
    return summary;
  }

  /**
   * Prints the quickstart's result.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    System.out.println(run());
  }
}
