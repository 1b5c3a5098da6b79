package io.scrm.core.process;

import io.scrm.core.model.AuditEntry;
import io.scrm.core.model.Case;
import java.util.Objects;

/**
 * The outcome of a command: the stored case and the audit entry the command produced. Immutable.
 *
 * @param stored the case as stored after the command (for a duplicate: as it is now)
 * @param entry the audit entry the command produced when it was first applied
 * @param duplicate true if a command with this id had been applied before and nothing was changed
 * @since 0.1.0
 */
public record CommandResult(Case stored, AuditEntry entry, boolean duplicate) {
  /** Checks that no component is missing. */
  public CommandResult {
    Objects.requireNonNull(stored, "stored");
    Objects.requireNonNull(entry, "entry");
  }
}
