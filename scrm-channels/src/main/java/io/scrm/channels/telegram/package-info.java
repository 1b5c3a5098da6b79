/**
 * The Telegram Bot API adapter: webhook updates with the secret-token check, {@code getUpdates}
 * polling, and {@code sendMessage} replies.
 */
@NullMarked
package io.scrm.channels.telegram;

import org.jspecify.annotations.NullMarked;
