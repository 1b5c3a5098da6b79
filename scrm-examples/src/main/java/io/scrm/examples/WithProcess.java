package io.scrm.examples;

import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.Interaction;
import io.scrm.core.model.Priority;
import io.scrm.core.process.BusinessCalendar;
import io.scrm.core.process.CaseCommand;
import io.scrm.core.process.IllegalCommandException;
import io.scrm.core.process.SlaPolicies;
import io.scrm.core.process.SlaPolicy;
import io.scrm.core.process.SlaStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * The README's case process example, compiled and tested: SLAs on Berlin business hours, commands
 * through the declared process, a refused command, and the clocks paused while waiting on the
 * customer.
 *
 * @since 0.1.0
 */
public final class WithProcess {
  private WithProcess() {}

  /**
   * The engine, the case and what the example saw. Immutable.
   *
   * @param crm the engine, to drive on with {@link SocialCrm#tick()}
   * @param caseId the complaint's case
   * @param refused the reason the early resolve was refused
   * @param waiting the SLA clocks while the case waits on the customer
   * @since 0.1.0
   */
  public record Outcome(SocialCrm crm, CaseId caseId, String refused, SlaStatus waiting) {}

  /**
   * Runs the example.
   *
   * @param clock the engine's clock
   * @param complaint the customer's first message
   * @return the engine, the case and what the example saw
   */
  public static Outcome run(Clock clock, Interaction complaint) {
    String refused = "";
    // process:begin
    BusinessCalendar berlin = BusinessCalendar.builder(ZoneId.of("Europe/Berlin"))
        .weekdays(LocalTime.of(8, 0), LocalTime.of(18, 0)).holidays(LocalDate.of(2026, 12, 24)).build();
    SlaPolicy normal = new SlaPolicy("normal", Duration.ofHours(8), Duration.ofDays(1), Duration.ofDays(5), 0.8, berlin);
    SlaPolicy urgent = new SlaPolicy("dringend", Duration.ofHours(1), Duration.ofHours(4), Duration.ofDays(1), 0.8, berlin);
    SocialCrm crm = SocialCrm.builder().slaPolicies(SlaPolicies.builder(normal).priority(Priority.HIGH, urgent).build())
        .clock(clock).build();
    CaseId id = crm.ingest(complaint).caseId();
    crm.apply(id, CaseCommand.triage("cmd-1", Actor.agent("anna"), "entstoerung", Priority.HIGH));
    crm.apply(id, CaseCommand.start("cmd-2", Actor.agent("anna")));
    try {
      crm.apply(id, CaseCommand.resolve("cmd-3", Actor.agent("anna"), "Port neu geschaltet"));
    } catch (IllegalCommandException noAnswerSentYet) {
      refused = noAnswerSentYet.reason();                      // and nothing changed
    }
    crm.apply(id, CaseCommand.askCustomer("cmd-4", Actor.agent("anna"), "Leuchtet die DSL-Lampe?")); // clocks pause
    // process:end
    return new Outcome(crm, id, refused, crm.slaStatus(id));
  }
}
