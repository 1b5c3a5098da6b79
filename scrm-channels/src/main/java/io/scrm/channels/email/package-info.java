/**
 * The e-mail adapter: RFC 5322/MIME messages parsed with Jakarta Mail (Angus Mail), threaded by
 * {@code Message-ID}, {@code In-Reply-To} and {@code References}; replies, with their files as MIME
 * parts, sent over SMTP.
 */
@NullMarked
package io.scrm.channels.email;

import org.jspecify.annotations.NullMarked;
