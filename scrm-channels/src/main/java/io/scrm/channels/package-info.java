/**
 * The channel layer: the {@link io.scrm.channels.ChannelAdapter} SPI that platform adapters
 * implement, the registry of configured {@link io.scrm.channels.Channels}, and the typed results
 * and errors of parsing and sending.
 */
@NullMarked
package io.scrm.channels;

import org.jspecify.annotations.NullMarked;
