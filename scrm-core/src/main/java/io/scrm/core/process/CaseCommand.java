package io.scrm.core.process;

import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import io.scrm.core.model.Priority;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One command to a case's process, e.g. "agent anna resolves, note: refund sent". Immutable and
 * thread-safe.
 *
 * <p>The {@code id} makes the command idempotent: a command whose id is already in the case's audit
 * trail is not applied again, the first outcome is returned instead. Use a fresh id for every new
 * intent and the same id when retrying it.
 *
 * @param id the command's id, unique per intent (1 to 200 characters)
 * @param kind what the command asks for
 * @param actor who issues it
 * @param note a reason or note for the audit trail, if any
 * @param channel the channel involved, if not the case's origin channel (e.g. a private hand-over)
 * @param thread the thread on that channel, if any
 * @param queue the queue to set, if any
 * @param assignee the agent to set, if any
 * @param priority the priority to set, if any
 * @param level the escalation level to set (at least 1 for an escalation, otherwise usually 0)
 * @since 0.1.0
 */
public record CaseCommand(
    String id,
    CommandKind kind,
    Actor actor,
    @Nullable String note,
    @Nullable ChannelId channel,
    @Nullable String thread,
    @Nullable String queue,
    @Nullable String assignee,
    @Nullable Priority priority,
    int level) {

  /**
   * Validates the command.
   *
   * @throws IllegalArgumentException naming the field that is invalid, also if an {@code ESCALATE}
   *     command has level 0, an {@code ASSIGN} command no assignee or a {@code NOTE} command no note
   */
  public CaseCommand {
    Objects.requireNonNull(id, "id");
    if (id.isBlank() || id.length() > 200) {
      throw new IllegalArgumentException("id must be 1 to 200 characters and not blank");
    }
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(actor, "actor");
    blankIsInvalid(note, "note");
    blankIsInvalid(thread, "thread");
    blankIsInvalid(queue, "queue");
    blankIsInvalid(assignee, "assignee");
    if (thread != null && channel == null) {
      throw new IllegalArgumentException("thread needs a channel");
    }
    if (level < 0) {
      throw new IllegalArgumentException("level must be >= 0, was " + level);
    }
    // the default process's commands that would otherwise be audited while changing nothing
    if (level == 0 && kind.equals(CommandKind.ESCALATE)) {
      throw new IllegalArgumentException("level must be >= 1 for " + kind + ", was 0");
    }
    if (assignee == null && kind.equals(CommandKind.ASSIGN)) {
      throw new IllegalArgumentException("assignee must be set for " + kind);
    }
    if (note == null && kind.equals(CommandKind.NOTE)) {
      throw new IllegalArgumentException("note must be set for " + kind);
    }
  }

  private static void blankIsInvalid(@Nullable String value, String field) {
    if (value != null && value.isBlank()) {
      throw new IllegalArgumentException(field + " must be null or not blank");
    }
  }

  /**
   * Returns a command of a host-declared kind with only a note.
   *
   * @param id the command id
   * @param kind the kind
   * @param actor who issues it
   * @param note a note, or null
   * @return the command
   */
  public static CaseCommand of(String id, CommandKind kind, Actor actor, @Nullable String note) {
    return new CaseCommand(id, kind, actor, note, null, null, null, null, null, 0);
  }

  /**
   * Triage: classify the case, optionally setting queue and priority.
   *
   * @param id the command id
   * @param actor who triages
   * @param queue the queue, or null to keep it
   * @param priority the priority, or null to keep it
   * @return the command
   */
  public static CaseCommand triage(String id, Actor actor, @Nullable String queue, @Nullable Priority priority) {
    return new CaseCommand(id, CommandKind.TRIAGE, actor, null, null, null, queue, null, priority, 0);
  }

  /**
   * Assign the case to an agent.
   *
   * @param id the command id
   * @param actor who assigns
   * @param agent the agent's id
   * @return the command
   */
  public static CaseCommand assign(String id, Actor actor, String agent) {
    Objects.requireNonNull(agent, "assignee");
    return new CaseCommand(id, CommandKind.ASSIGN, actor, null, null, null, null, agent, null, 0);
  }

  /**
   * Start working on the case; an unassigned case is assigned to the agent who starts.
   *
   * @param id the command id
   * @param actor who starts
   * @return the command
   */
  public static CaseCommand start(String id, Actor actor) {
    return new CaseCommand(id, CommandKind.START, actor, null, null, null, null, null, null, 0);
  }

  /**
   * Ask the customer something on the origin channel; the SLA clocks pause until they reply.
   *
   * @param id the command id
   * @param actor who asks
   * @param note what was asked, for the audit trail, or null
   * @return the command
   */
  public static CaseCommand askCustomer(String id, Actor actor, @Nullable String note) {
    return new CaseCommand(id, CommandKind.ASK_CUSTOMER, actor, note, null, null, null, null, null, 0);
  }

  /**
   * Ask the customer for details in a private conversation (e.g. a direct message after a public
   * post). The details asked privately stay in this case: the hand-over channel and thread are
   * recorded in the audit trail, and the customer's reply there is applied to this same case.
   *
   * @param id the command id
   * @param actor who asks
   * @param note what was asked, for the audit trail, or null
   * @param privateChannel the private channel
   * @param privateThread the private conversation on that channel
   * @return the command
   */
  public static CaseCommand askCustomerPrivately(String id, Actor actor, @Nullable String note,
      ChannelId privateChannel, String privateThread) {
    Objects.requireNonNull(privateChannel, "channel");
    Objects.requireNonNull(privateThread, "thread");
    return new CaseCommand(id, CommandKind.ASK_CUSTOMER, actor, note, privateChannel, privateThread, null, null,
        null, 0);
  }

  /**
   * The customer wrote on a channel (the origin channel, or a private hand-over channel).
   *
   * @param id the command id, e.g. derived from the interaction's id so redeliveries are idempotent
   * @param actor the customer
   * @param channel the channel they wrote on, or null for the origin channel
   * @return the command
   */
  public static CaseCommand customerReplied(String id, Actor actor, @Nullable ChannelId channel) {
    return new CaseCommand(id, CommandKind.CUSTOMER_REPLIED, actor, null, channel, null, null, null, null, 0);
  }

  /**
   * Resolve the case. The default process accepts it only after an answer went out on the origin
   * channel and thread.
   *
   * @param id the command id
   * @param actor who resolves
   * @param note the resolution, for the audit trail, or null
   * @return the command
   */
  public static CaseCommand resolve(String id, Actor actor, @Nullable String note) {
    return new CaseCommand(id, CommandKind.RESOLVE, actor, note, null, null, null, null, null, 0);
  }

  /**
   * Close a resolved case.
   *
   * @param id the command id
   * @param actor who closes
   * @return the command
   */
  public static CaseCommand close(String id, Actor actor) {
    return new CaseCommand(id, CommandKind.CLOSE, actor, null, null, null, null, null, null, 0);
  }

  /**
   * Reopen a resolved case, or a closed one within the reopen window.
   *
   * @param id the command id
   * @param actor who reopens
   * @param reason why, or null
   * @return the command
   */
  public static CaseCommand reopen(String id, Actor actor, @Nullable String reason) {
    return new CaseCommand(id, CommandKind.REOPEN, actor, reason, null, null, null, null, null, 0);
  }

  /**
   * Escalate to a level, optionally raising the priority. The level never goes down.
   *
   * @param id the command id
   * @param actor who escalates
   * @param level the level, at least 1
   * @param priority the priority to raise to, or null to keep it
   * @param reason why, or null
   * @return the command
   * @throws IllegalArgumentException if the level is below 1
   */
  public static CaseCommand escalate(String id, Actor actor, int level, @Nullable Priority priority,
      @Nullable String reason) {
    if (level < 1) {
      throw new IllegalArgumentException("level must be >= 1, was " + level);
    }
    return new CaseCommand(id, CommandKind.ESCALATE, actor, reason, null, null, null, null, priority, level);
  }

  /**
   * Record a note (anything special); the state does not change.
   *
   * @param id the command id
   * @param actor who notes
   * @param text the note
   * @return the command
   */
  public static CaseCommand note(String id, Actor actor, String text) {
    Objects.requireNonNull(text, "note");
    return new CaseCommand(id, CommandKind.NOTE, actor, text, null, null, null, null, null, 0);
  }
}
