package io.scrm.channels.x;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.ChannelProvider;
import io.scrm.channels.internal.AdapterCore;
import java.time.Duration;
import java.util.Set;

/**
 * Creates {@link XAdapter}s for {@link java.util.ServiceLoader}, under the name {@code x}. Settings:
 * {@code access-token} and {@code user-id} (required), {@code base-url} (default
 * {@code https://api.x.com}), {@code timeout-ms}, and the flag {@code direct-messages}
 * ({@link XAdapter.Builder#directMessages(boolean)}), {@code true} or {@code false} (the default).
 * Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class XChannelProvider implements ChannelProvider {
  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("base-url", "access-token", "user-id", "timeout-ms",
      "direct-messages");


  /** Creates the provider; called by the service loader. */
  public XChannelProvider() {}

  @Override
  public String name() {
    return "x";
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    return XAdapter.builder()
        .accessToken(config.require("access-token"))
        .userId(config.require("user-id"))
        .baseUrl(config.getOrDefault("base-url", XAdapter.DEFAULT_BASE_URL))
        .timeout(AdapterCore.millis(config.get("timeout-ms").orElse(null), Duration.ofSeconds(10)))
        .directMessages(config.flag("direct-messages", false))
        .build();
  }
}
