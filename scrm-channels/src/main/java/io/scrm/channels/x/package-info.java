/**
 * The X API v2 adapter: the mentions timeline (polled, or a stored timeline response), replies
 * through {@code POST /2/tweets}.
 */
@NullMarked
package io.scrm.channels.x;

import org.jspecify.annotations.NullMarked;
