/**
 * The contract every channel adapter passes: {@link io.scrm.testing.channel.ChannelAdapterContract}.
 */
@NullMarked
package io.scrm.testing.channel;

import org.jspecify.annotations.NullMarked;
