/**
 * Social listening: monitors over public posts, a pluggable sentiment classifier with a German
 * lexicon baseline, spike early warning, an influence score, and broadcasts to consenting
 * subscribers.
 *
 * @since 0.1.0
 */
@NullMarked
package io.scrm.core.listening;

import org.jspecify.annotations.NullMarked;
