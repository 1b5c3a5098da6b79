package io.scrm.consent;

/**
 * The result of checking the ledger's hash chain. Immutable and thread-safe.
 *
 * @param intact whether every entry's hash and link to its predecessor checked out, and every
 *     pseudonymised entry was named by a later erasure entry
 * @param checked how many entries were checked
 * @param firstBrokenSequence the sequence of the first broken entry, or -1 if intact; a pseudonymised
 *     entry no erasure entry names is only reported if no entry is broken otherwise
 * @since 0.1.0
 */
public record LedgerVerification(boolean intact, long checked, long firstBrokenSequence) {}
