package io.scrm.channels.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.core.model.ChannelId;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

final class ProvidersTest {

  private static ChannelAdapter create(String name, Map<String, String> settings) {
    return Channels.create(name, ChannelConfig.of(settings));
  }

  @Test
  void create_eachPlatformByName_pointsAtAConfiguredServer() {
    try (ChannelAdapter telegram = create("telegram", Map.of("token", "t", "base-url", "http://localhost:8089"));
        ChannelAdapter meta = create("meta", Map.of("page-access-token", "p", "app-secret", "s",
            "base-url", "http://localhost:8089"));
        ChannelAdapter mastodon = create("mastodon", Map.of("access-token", "a", "base-url", "http://localhost:8089"));
        ChannelAdapter x = create("x", Map.of("access-token", "a", "user-id", "42", "base-url",
            "http://localhost:8089"));
        ChannelAdapter email = create("email", Map.of("smtp-host", "localhost", "smtp-port", "2525",
            "from", "service@glasfaser-nord.de"))) {
      assertThat(telegram.channels()).containsExactly(ChannelId.TELEGRAM);
      assertThat(meta.channels()).isEqualTo(Set.of(ChannelId.MESSENGER, ChannelId.FACEBOOK));
      assertThat(mastodon.channels()).containsExactly(ChannelId.MASTODON);
      assertThat(x.channels()).containsExactly(ChannelId.X);
      assertThat(email.channels()).containsExactly(ChannelId.EMAIL);
      assertThat(Channels.of(telegram, meta, mastodon, x, email).channels()).hasSize(6);
    }
  }

  @Test
  void create_unknownName_listsTheProvidersFound() {
    assertThat(Channels.providerNames()).containsExactly("email", "mastodon", "memory", "meta", "telegram", "x");
    assertThatThrownBy(() -> create("telgram", Map.of("token", "t")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("no channel provider named 'telgram'; found: email, mastodon, memory, meta, telegram, x");
  }

  @Test
  void create_missingSetting_namesTheKeyButNoValue() {
    assertThatThrownBy(() -> create("telegram", Map.of("base-url", "http://localhost:8089")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'token'");
    assertThatThrownBy(() -> create("meta", Map.of("page-access-token", "secret-token-value")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'app-secret'")
        .hasMessageNotContaining("secret-token-value");
  }

  @Test
  void create_flagsTurnOnTheBuildersOptions() {
    try (ChannelAdapter meta = create("meta", Map.of("page-access-token", "p", "app-secret", "s",
            "base-url", "http://localhost:8089", "human-agent-tag", "TRUE", "take-thread-control", "true"));
        ChannelAdapter plainMeta = create("meta", Map.of("page-access-token", "p", "app-secret", "s",
            "base-url", "http://localhost:8089", "human-agent-tag", "false"));
        ChannelAdapter x = create("x", Map.of("access-token", "a", "user-id", "42", "base-url",
            "http://localhost:8089", "direct-messages", "true"));
        ChannelAdapter plainX = create("x", Map.of("access-token", "a", "user-id", "42", "base-url",
            "http://localhost:8089"))) {
      assertThat(meta.capabilities(ChannelId.MESSENGER).replyWindow()).isEqualTo(Duration.ofDays(7));
      assertThat(plainMeta.capabilities(ChannelId.MESSENGER).replyWindow()).isEqualTo(Duration.ofHours(24));
      assertThat(x.capabilities(ChannelId.X).privateMessages()).isTrue();
      assertThat(plainX.capabilities(ChannelId.X).privateMessages()).isFalse();
    }
  }

  @Test
  void create_flagNeitherTrueNorFalse_isRefusedNamingTheKey() {
    // read as false, a misspelt "true" would have sent the SMTP password unencrypted
    assertThatThrownBy(() -> create("email", Map.of("smtp-host", "localhost", "from", "service@glasfaser-nord.de",
        "smtp-starttls", "ture"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel setting 'smtp-starttls' must be true or false");
    assertThatThrownBy(() -> create("meta", Map.of("page-access-token", "p", "app-secret", "s",
        "take-thread-control", "yes"))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("channel setting 'take-thread-control' must be true or false");
    assertThatThrownBy(() -> create("x", Map.of("access-token", "a", "user-id", "42", "direct-messages", "1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'direct-messages'");
  }

  @Test
  void create_misspeltSetting_isRefusedNamingItAndTheKnownOnes() {
    // left out, the misspelt base URL would have sent to the platform's real address
    assertThatThrownBy(() -> create("telegram", Map.of("token", "123:secret-value", "base_url", "http://localhost:8089")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'base_url'").hasMessageContaining("'telegram'").hasMessageContaining("base-url")
        .hasMessageNotContaining("secret-value").hasMessageNotContaining("localhost");
    for (String provider : new String[] {"meta", "mastodon", "x", "email", "memory"}) {
      assertThatThrownBy(() -> create(provider, Map.of("tokn", "t"))).as(provider)
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'tokn'");
    }
  }

  @Test
  void create_everySettingAProviderDocuments_isAccepted() {
    try (ChannelAdapter telegram = create("telegram", Map.of("token", "t", "base-url", "http://localhost:8089",
            "secret-token", "s3cr3t", "bot-username", "glasfaser_bot", "timeout-ms", "500"));
        ChannelAdapter meta = create("meta", Map.of("page-access-token", "p", "app-secret", "s", "verify-token", "v",
            "api-version", "v21.0", "base-url", "http://localhost:8089", "timeout-ms", "500", "human-agent-tag",
            "true", "take-thread-control", "false"));
        ChannelAdapter mastodon = create("mastodon", Map.of("access-token", "a", "base-url", "http://localhost:8089",
            "timeout-ms", "500", "max-description-length", "1500"));
        ChannelAdapter x = create("x", Map.of("access-token", "a", "user-id", "42", "base-url", "http://localhost:8089",
            "timeout-ms", "500", "direct-messages", "true"));
        ChannelAdapter email = create("email", Map.ofEntries(Map.entry("smtp-host", "localhost"),
            Map.entry("smtp-port", "2525"), Map.entry("smtp-user", "u"), Map.entry("smtp-password", "p"),
            Map.entry("smtp-starttls", "false"), Map.entry("from", "service@glasfaser-nord.de"),
            Map.entry("timeout-ms", "500"), Map.entry("max-attachment-bytes", "1000000"),
            Map.entry("imap-host", "localhost"), Map.entry("imap-port", "3143"), Map.entry("imap-user", "u"),
            Map.entry("imap-password", "p"), Map.entry("imap-tls", "false"), Map.entry("imap-folder", "INBOX")));
        ChannelAdapter memory = create("memory", Map.of("channel", "sms"))) {
      assertThat(List.of(telegram, meta, mastodon, x, email, memory)).hasSize(6);
      assertThat(memory.channels()).containsExactly(ChannelId.of("sms"));
    }
  }
}
