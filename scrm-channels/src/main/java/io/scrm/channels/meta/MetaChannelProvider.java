package io.scrm.channels.meta;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.ChannelProvider;
import io.scrm.channels.internal.AdapterCore;
import java.time.Duration;
import java.util.Set;

/**
 * Creates {@link MetaAdapter}s for {@link java.util.ServiceLoader}, under the name {@code meta}.
 * Settings: {@code page-access-token} and {@code app-secret} (required), {@code verify-token},
 * {@code base-url} (default {@code https://graph.facebook.com}), {@code api-version},
 * {@code timeout-ms}, and the flags {@code human-agent-tag} ({@link MetaAdapter.Builder#humanAgentTag()})
 * and {@code take-thread-control} ({@link MetaAdapter.Builder#takeThreadControl()}), {@code true} or
 * {@code false} (the default). Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class MetaChannelProvider implements ChannelProvider {
  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("base-url", "api-version", "page-access-token", "app-secret",
      "verify-token", "timeout-ms", "human-agent-tag", "take-thread-control");


  /** Creates the provider; called by the service loader. */
  public MetaChannelProvider() {}

  @Override
  public String name() {
    return "meta";
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    MetaAdapter.Builder builder = MetaAdapter.builder()
        .pageAccessToken(config.require("page-access-token"))
        .appSecret(config.require("app-secret"))
        .baseUrl(config.getOrDefault("base-url", MetaAdapter.DEFAULT_BASE_URL))
        .apiVersion(config.getOrDefault("api-version", MetaAdapter.DEFAULT_API_VERSION))
        .timeout(AdapterCore.millis(config.get("timeout-ms").orElse(null), Duration.ofSeconds(10)));
    config.get("verify-token").ifPresent(builder::verifyToken);
    if (config.flag("human-agent-tag", false)) {
      builder.humanAgentTag();
    }
    if (config.flag("take-thread-control", false)) {
      builder.takeThreadControl();
    }
    return builder.build();
  }
}
