package io.scrm.channels.mastodon;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.ChannelProvider;
import io.scrm.channels.internal.AdapterCore;
import java.time.Duration;
import java.util.Set;

/**
 * Creates {@link MastodonAdapter}s for {@link java.util.ServiceLoader}, under the name
 * {@code mastodon}. Settings: {@code base-url} (the instance, required), {@code access-token}
 * (required), {@code timeout-ms}, {@code max-description-length}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class MastodonChannelProvider implements ChannelProvider {
  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("base-url", "access-token", "timeout-ms",
      "max-description-length");


  /** Creates the provider; called by the service loader. */
  public MastodonChannelProvider() {}

  @Override
  public String name() {
    return "mastodon";
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    MastodonAdapter.Builder builder = MastodonAdapter.builder()
        .baseUrl(config.require("base-url"))
        .accessToken(config.require("access-token"))
        .timeout(AdapterCore.millis(config.get("timeout-ms").orElse(null), Duration.ofSeconds(10)));
    config.get("max-description-length").ifPresent(value -> builder.maxDescriptionLength((int) Math.min(
        Integer.MAX_VALUE, AdapterCore.positiveNumber(value, "max-description-length", "characters"))));
    return builder.build();
  }
}
