/**
 * The Mastodon adapter: mention notifications (polled, or delivered as notification JSON), HTML
 * content as plain text, and replies through {@code POST /api/v1/statuses}.
 */
@NullMarked
package io.scrm.channels.mastodon;

import org.jspecify.annotations.NullMarked;
