/**
 * The Social CRM engine ({@link io.scrm.core.SocialCrm}) and its results and exceptions.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core;

import org.jspecify.annotations.NullMarked;
