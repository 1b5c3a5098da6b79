package io.scrm.consent;

/**
 * The result of checking the ledger's hash chain. Immutable and thread-safe.
 *
 * @param intact whether every entry's hash and link to its predecessor checked out
 * @param checked how many entries were checked
 * @param firstBrokenSequence the sequence of the first broken entry, or -1 if intact
 * @since 0.1.0
 */
public record LedgerVerification(boolean intact, long checked, long firstBrokenSequence) {}
