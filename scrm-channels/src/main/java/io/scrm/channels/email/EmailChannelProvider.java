package io.scrm.channels.email;

import io.scrm.channels.AttachmentSource;
import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.ChannelProvider;
import io.scrm.channels.internal.AdapterCore;
import java.time.Duration;
import java.util.Set;

/**
 * Creates {@link EmailAdapter}s for {@link java.util.ServiceLoader}, under the name {@code email}.
 * Settings: {@code smtp-host} and {@code from} (required), {@code smtp-port} (default 587),
 * {@code smtp-user}, {@code smtp-password}, {@code smtp-starttls} ({@code true} by default),
 * {@code timeout-ms}; to poll a mailbox, {@code imap-host}, {@code imap-user} and {@code
 * imap-password}, with {@code imap-port} (default 993, or 143 without TLS), {@code imap-tls}
 * ({@code true} by default) and {@code imap-folder} (default {@code INBOX}); {@code
 * max-attachment-bytes}, what the files of one reply may have together (default 25 MiB; a mail
 * server that takes less needs less). Files are fetched from their {@code https://} or {@code
 * http://} references; a host whose files live elsewhere builds the adapter with its own {@link
 * AttachmentSource}. Stateless and thread-safe.
 *
 * @since 0.1.0
 */
public final class EmailChannelProvider implements ChannelProvider {
  /** The settings this provider reads; others are refused. */
  private static final Set<String> SETTINGS = Set.of("smtp-host", "smtp-port", "smtp-user", "smtp-password",
      "smtp-starttls", "from", "timeout-ms", "max-attachment-bytes", "imap-host", "imap-port", "imap-user",
      "imap-password", "imap-tls", "imap-folder");


  /** Creates the provider; called by the service loader. */
  public EmailChannelProvider() {}

  @Override
  public String name() {
    return "email";
  }

  @Override
  public ChannelAdapter create(ChannelConfig config) {
    config.requireKnown(name(), SETTINGS);
    EmailAdapter.Builder builder = EmailAdapter.builder()
        .smtpHost(config.require("smtp-host"))
        .from(config.require("from"))
        .startTls(config.flag("smtp-starttls", true))
        .timeout(AdapterCore.millis(config.get("timeout-ms").orElse(null), Duration.ofSeconds(30)));
    String port = config.getOrDefault("smtp-port", "587");
    try {
      builder.smtpPort(Integer.parseInt(port));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("channel setting 'smtp-port' must be a port number", e);
    }
    config.get("max-attachment-bytes").ifPresent(value -> builder.maxAttachmentBytes(
        AdapterCore.positiveNumber(value, "max-attachment-bytes", "bytes")));
    config.get("smtp-user").ifPresent(user -> builder.credentials(user, config.require("smtp-password")));
    if (config.get("imap-host").isEmpty()) {
      for (String imapOnly : new String[] {"imap-user", "imap-password", "imap-port", "imap-tls", "imap-folder"}) {
        if (config.get(imapOnly).isPresent()) {
          throw new IllegalArgumentException("channel setting '" + imapOnly + "' needs 'imap-host'");
        }
      }
    } else {
      boolean tls = config.flag("imap-tls", true);
      String imapPort = config.getOrDefault("imap-port", tls ? "993" : "143");
      int parsedPort;
      try {
        parsedPort = Integer.parseInt(imapPort);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("channel setting 'imap-port' must be a port number", e);
      }
      builder.imap(config.require("imap-host"), parsedPort, config.require("imap-user"), config.require("imap-password"))
          .imapTls(tls);
      config.get("imap-folder").ifPresent(builder::imapFolder);
    }
    return builder.build();
  }

}
