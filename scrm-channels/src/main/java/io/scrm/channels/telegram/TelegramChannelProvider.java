package io.scrm.channels.telegram;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.ChannelProvider;
import io.scrm.channels.internal.AdapterCore;
import java.time.Duration;
import java.util.Set;

/**
 * Creates {@link TelegramAdapter}s for {@link java.util.ServiceLoader}, under the name {@code telegram}.
 * Settings: {@code token} (required), {@code base-url} (default {@code https://api.telegram.org}),
 * {@code secret-token}, {@code bot-username}, {@code timeout-ms}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class TelegramChannelProvider implements ChannelProvider {
  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("token", "base-url", "timeout-ms", "secret-token",
      "bot-username");


  /** Creates the provider; called by the service loader. */
  public TelegramChannelProvider() {}

  @Override
  public String name() {
    return "telegram";
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    TelegramAdapter.Builder builder = TelegramAdapter.builder()
        .token(config.require("token"))
        .baseUrl(config.getOrDefault("base-url", TelegramAdapter.DEFAULT_BASE_URL))
        .timeout(AdapterCore.millis(config.get("timeout-ms").orElse(null), Duration.ofSeconds(10)));
    config.get("secret-token").ifPresent(builder::secretToken);
    config.get("bot-username").ifPresent(builder::botUsername);
    return builder.build();
  }
}
