package io.scrm.core.process;

import io.scrm.core.event.CrmEvent;
import io.scrm.core.event.SlaBreached;
import io.scrm.core.event.SlaWarning;
import io.scrm.core.model.Actor;
import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import io.scrm.core.model.CaseId;
import io.scrm.core.model.CaseState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * Computes SLA clocks and finds the warnings and breaches that are due. Thread-safe.
 *
 * <p>{@link #status} is a pure function of the case's audit trail, the process (which states pause
 * and stop clocks), the policy and the time: it replays the trail. Clocks start when the case is
 * opened, run on the policy's calendar, pause while the process says so (waiting on the customer) and
 * resume on the customer's reply, and stop when the case is resolved. An answer ({@code REPLY_SENT}
 * or {@code REPLY_QUEUED}) meets the first-response clock and restarts the keep-informed clock; a
 * message of the case's customer restarts it too (another person's post in the thread does not).
 *
 * <p>{@link #due} is the scheduler-free way to get events: call it with the current time as often
 * as you like; each warning and breach of a clock cycle is returned once per monitor.
 *
 * @since 0.1.0
 */
public final class SlaMonitor {
  private static final Set<String> ANSWERS = Set.of("REPLY_SENT", "REPLY_QUEUED");
  private static final Set<String> CUSTOMER_WROTE = Set.of("CUSTOMER_REPLIED", "MESSAGE");

  private final ProcessDefinition process;
  private final SlaPolicies policies;
  /** Per case, the clock cycles whose warning or breach was returned: forgotten when the case ends. */
  private final Map<CaseId, Set<String>> reported = new ConcurrentHashMap<>();

  /**
   * Creates a monitor.
   *
   * @param process the process (which states pause and stop the clocks)
   * @param policies the policies per queue and priority
   */
  public SlaMonitor(ProcessDefinition process, SlaPolicies policies) {
    this.process = Objects.requireNonNull(process, "process");
    this.policies = Objects.requireNonNull(policies, "policies");
  }

  /**
   * Returns the policies.
   *
   * @return the policies
   */
  public SlaPolicies policies() {
    return policies;
  }

  /**
   * Computes the SLA clocks of a case at an instant (a pure function).
   *
   * @param c the case
   * @param now the instant
   * @return the clocks
   */
  public SlaStatus status(Case c, Instant now) {
    return status(c, process, policies.policyFor(c), now);
  }

  /**
   * Computes the SLA clocks of a case at an instant under a given process and policy, by replaying
   * its audit trail. A pure function.
   *
   * @param c the case
   * @param process the process
   * @param policy the policy
   * @param now the instant
   * @return the clocks
   */
  public static SlaStatus status(Case c, ProcessDefinition process, SlaPolicy policy, Instant now) {
    Objects.requireNonNull(c, "case");
    Objects.requireNonNull(process, "process");
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(now, "now");
    return status(c, process, policy, now, c.audit().size());
  }

  /** The clocks after replaying the first {@code entries} entries of the trail. */
  private static SlaStatus status(Case c, ProcessDefinition process, SlaPolicy policy, Instant now, int entries) {
    BusinessCalendar cal = policy.calendar();
    CaseState state = process.initial();
    boolean running = runs(process, state);
    Instant segment = c.openedAt();
    Duration first = Duration.ZERO;
    Duration resolution = Duration.ZERO;
    Duration keep = Duration.ZERO;
    Instant keepStart = c.openedAt();
    boolean answered = false;
    boolean keepActive = false;
    // when each clock passed its goal, if it did
    Instant firstDue = null;
    Instant resolutionDue = null;
    Instant keepDue = null;
    Duration firstGoal = policy.target(SlaClockType.FIRST_RESPONSE);
    Duration resolutionGoal = policy.target(SlaClockType.RESOLUTION);
    Duration keepGoal = policy.target(SlaClockType.KEEP_INFORMED);
    Actor customer = Actor.customer(c.contactId());
    List<AuditEntry> audit = c.audit();
    // each entry ends a segment of time the clocks ran (or not) in; the last segment ends now, and
    // the clocks at an instant know nothing of what came after it
    for (int i = 0; i <= entries; i++) {
      AuditEntry e = i < entries && !audit.get(i).at().isAfter(now) ? audit.get(i) : null;
      Instant t = e == null ? now : e.at().isBefore(segment) ? segment : e.at();
      if (running && t.isAfter(segment)) {
        Duration d = cal.between(segment, t);
        resolutionDue = resolutionDue != null ? resolutionDue : passed(cal, segment, resolution, d, resolutionGoal);
        resolution = resolution.plus(d);
        if (!answered) {
          firstDue = firstDue != null ? firstDue : passed(cal, segment, first, d, firstGoal);
          first = first.plus(d);
        }
        if (keepActive) {
          keepDue = keepDue != null ? keepDue : passed(cal, segment, keep, d, keepGoal);
          keep = keep.plus(d);
        }
      }
      if (e == null) {
        break;
      }
      segment = t;
      if (ANSWERS.contains(e.action())) {
        answered = true;
        keepActive = true;
        keep = Duration.ZERO;
        keepStart = t;
        keepDue = null;
      } else if (keepActive && CUSTOMER_WROTE.contains(e.action())
          && (!"MESSAGE".equals(e.action()) || customer.equals(e.actor()))) {
        // the customer wrote; another person's post in a public thread informs the customer of nothing
        keep = Duration.ZERO;
        keepStart = t;
        keepDue = null;
      }
      if (e.to() != null) {
        state = e.to();
        running = runs(process, state);
      }
    }
    boolean stopped = process.stopsClocks(state);
    SlaPhase live = running ? SlaPhase.RUNNING : stopped ? SlaPhase.STOPPED : SlaPhase.PAUSED;
    List<SlaClock> clocks = List.of(
        clock(SlaClockType.FIRST_RESPONSE, answered ? SlaPhase.MET : live, c.openedAt(), first, firstDue, policy, now,
            cal),
        clock(SlaClockType.KEEP_INFORMED, !keepActive ? SlaPhase.NOT_STARTED : live, keepStart, keep, keepDue, policy,
            now, cal),
        clock(SlaClockType.RESOLUTION, stopped ? SlaPhase.MET : live, c.openedAt(), resolution, resolutionDue, policy,
            now, cal));
    return new SlaStatus(c.id(), policy.name(), now, clocks);
  }

  private static boolean runs(ProcessDefinition process, CaseState state) {
    return !process.pausesClocks(state) && !process.stopsClocks(state);
  }

  /**
   * The instant a clock passed its goal within a segment of running time, if it did there: it had
   * {@code before} on it when the segment began and runs {@code d} in it.
   */
  private static @Nullable Instant passed(BusinessCalendar cal, Instant segmentStart, Duration before, Duration d,
      Duration goal) {
    return before.compareTo(goal) <= 0 && before.plus(d).compareTo(goal) > 0
        ? cal.plus(segmentStart, goal.minus(before)) : null;
  }

  private static SlaClock clock(SlaClockType type, SlaPhase phase, Instant start, Duration elapsed,
      @Nullable Instant passedAt, SlaPolicy policy, Instant now, BusinessCalendar cal) {
    Duration target = policy.target(type);
    // a goal reached exactly is met, whether the clock still runs or not
    boolean breached = elapsed.compareTo(target) > 0;
    boolean warning = !breached && phase != SlaPhase.MET && phase != SlaPhase.NOT_STARTED
        && elapsed.toNanos() >= (long) (target.toNanos() * policy.warnAt());
    // a running clock is due ahead of now; one that passed its goal (running or paused) was due then
    Instant due = phase == SlaPhase.RUNNING && !breached ? cal.plus(now, target.minus(elapsed))
        : breached && (phase == SlaPhase.RUNNING || phase == SlaPhase.PAUSED) ? passedAt : null;
    return new SlaClock(type, phase, start, elapsed, target, due, warning, breached);
  }

  /**
   * Returns the warnings and breaches that are due at an instant and were not returned before by
   * this monitor: at most one warning and one breach per clock cycle. Clocks that are met or stopped
   * raise nothing.
   *
   * @param cases the cases to look at (usually the open ones)
   * @param now the instant
   * @return the new events, warnings before breaches of the same clock
   */
  public List<CrmEvent> due(Iterable<Case> cases, Instant now) {
    Objects.requireNonNull(cases, "cases");
    Objects.requireNonNull(now, "now");
    List<CrmEvent> out = new ArrayList<>();
    for (Case c : cases) {
      SlaStatus status = status(c, now);
      for (SlaClock clock : status.clocks()) {
        if (clock.phase() != SlaPhase.RUNNING && clock.phase() != SlaPhase.PAUSED) {
          continue;
        }
        if (clock.warning() || clock.breached()) {
          Set<String> ofCase = reported.computeIfAbsent(c.id(), id -> reportedBeforeItEnded(c));
          String key = clock.type() + "|" + clock.startedAt();
          if (ofCase.add(key + "|W")) {
            out.add(new SlaWarning(now, c.id(), clock.type(), clock.startedAt(), clock.dueAt()));
          }
          if (clock.breached() && ofCase.add(key + "|B")) {
            out.add(new SlaBreached(now, c.id(), clock.type(), clock.startedAt(), clock.dueAt()));
          }
        }
      }
    }
    return List.copyOf(out);
  }

  /**
   * What was due of a case when it last entered a terminal state. A case that comes back from there
   * (reopened by its customer) was forgotten when it ended, and a clock cycle that had warned or
   * breached before must not report again: the resolution clock's cycle goes on from the opening.
   */
  private Set<String> reportedBeforeItEnded(Case c) {
    Set<String> keys = ConcurrentHashMap.newKeySet();
    List<AuditEntry> audit = c.audit();
    for (int i = audit.size() - 1; i >= 0; i--) {
      AuditEntry e = audit.get(i);
      if (e.to() != null && process.terminal().contains(e.to())
          && (e.from() == null || !process.terminal().contains(e.from()))) {
        SlaPolicy policy = policies.policyFor(c);
        for (SlaClock clock : status(c, process, policy, e.at(), i + 1).clocks()) {
          String key = clock.type() + "|" + clock.startedAt();
          if (clock.elapsed().toNanos() >= (long) (clock.target().toNanos() * policy.warnAt())) {
            keys.add(key + "|W");
          }
          if (clock.elapsed().compareTo(clock.target()) > 0) {
            keys.add(key + "|B");
          }
        }
        break;
      }
    }
    return keys;
  }

  /**
   * Forgets what was reported for a case, e.g. after it was closed or erased (the engine does both).
   * A clock of the case that runs again later reports again only for a new cycle.
   *
   * @param caseId the case
   */
  public void forget(CaseId caseId) {
    reported.remove(Objects.requireNonNull(caseId, "caseId"));
  }

  /**
   * Returns how many cases this monitor remembers reports of.
   *
   * @return the number of cases
   */
  public int remembered() {
    return reported.size();
  }
}
