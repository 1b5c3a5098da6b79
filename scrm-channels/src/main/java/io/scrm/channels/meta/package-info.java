/**
 * The Meta adapter: Messenger webhooks and the Send API, Facebook page comments from the page
 * {@code feed} webhook and comment replies, with {@code X-Hub-Signature-256} verification.
 */
@NullMarked
package io.scrm.channels.meta;

import org.jspecify.annotations.NullMarked;
