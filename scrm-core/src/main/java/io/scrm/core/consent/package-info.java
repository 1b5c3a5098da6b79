/**
 * The consent port: the engine asks a {@link io.scrm.core.consent.ConsentPolicy} before every
 * outbound message and identity link, and is safe without a consent module thanks to the strict
 * default.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.consent;

import org.jspecify.annotations.NullMarked;
