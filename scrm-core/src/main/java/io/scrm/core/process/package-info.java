/**
 * The case process: declared state machines over {@link io.scrm.core.model.Case} (the default social
 * CRM process and host-declared ones), commands with their audit trail, and SLA clocks on
 * business-hours calendars.
 *
 * <p>Definitions are immutable, validated when built and shared by all cases: a case carries only
 * its state. Applying a command is a pure function of the case, the command and the time; the
 * engine ({@link io.scrm.core.SocialCrm#apply}) stores the result with optimistic concurrency.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.process;

import org.jspecify.annotations.NullMarked;
