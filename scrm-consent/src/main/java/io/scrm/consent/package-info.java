/**
 * The consent module: purposes and notices, the hash-chained consent ledger, double opt-in,
 * withdrawal and objection, the consent gate that implements core's {@link
 * io.scrm.core.consent.ConsentPolicy}, and data-subject requests (export, erasure, restriction).
 *
 * <p>Start with {@link io.scrm.consent.ConsentLedger}, {@link io.scrm.consent.ConsentGate} and {@link
 * io.scrm.consent.DoubleOptIn}.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.consent;

import org.jspecify.annotations.NullMarked;
