package io.scrm.channels;

import io.scrm.core.model.ChannelId;
import java.util.Set;

/**
 * Creates {@link InMemoryChannel}s by the name {@value #NAME}; registered for {@link
 * java.util.ServiceLoader}. Settings: {@code channel} (default {@code inmemory}) names the channel
 * the adapter serves. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class InMemoryChannelProvider implements ChannelProvider {
  /** The provider's name. */
  public static final String NAME = "memory";

  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("channel");

  /** Creates the provider; called by {@link java.util.ServiceLoader}. */
  public InMemoryChannelProvider() {}

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    java.util.Objects.requireNonNull(config, "config");
    String channel = config.getOrDefault("channel", ChannelId.IN_MEMORY.name());
    try {
      return InMemoryChannel.builder().channel(ChannelId.of(channel)).build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("channel setting 'channel' is invalid", e);
    }
  }
}
