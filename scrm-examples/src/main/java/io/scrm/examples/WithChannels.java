package io.scrm.examples;

import io.scrm.channels.ChannelAdapter;
import io.scrm.channels.ChannelConfig;
import io.scrm.channels.Channels;
import io.scrm.channels.DispatchStats;
import io.scrm.channels.InboundDelivery;
import io.scrm.channels.Intake;
import io.scrm.channels.OutboxDispatcher;
import io.scrm.channels.telegram.TelegramAdapter;
import io.scrm.core.SocialCrm;
import io.scrm.core.model.Actor;
import io.scrm.core.model.ChannelId;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The README's channels example, compiled and tested: adapters built directly and through their
 * provider, a Telegram webhook body received by the intake, a reply queued and sent by the outbox
 * dispatcher.
 *
 * @since 0.1.0
 */
public final class WithChannels {
  private WithChannels() {}

  /**
   * Runs the example once: one webhook delivery in, one reply out.
   *
   * @param botApi the Telegram Bot API base URL ({@code https://api.telegram.org} in production)
   * @param botToken the bot's token
   * @param webhookSecret the secret token given to {@code setWebhook}
   * @param mastodonToken the access token of the company's Mastodon account
   * @param body the webhook request's raw body
   * @param headers the webhook request's headers
   * @param clock the clock
   * @return the dispatcher's counts after the outbox was drained
   */
  public static DispatchStats run(String botApi, String botToken, String webhookSecret, String mastodonToken,
      byte[] body, Map<String, List<String>> headers, Clock clock) {
    // channels:begin
    TelegramAdapter telegram = TelegramAdapter.builder().baseUrl(botApi)   // api.telegram.org by default
        .token(botToken).secretToken(webhookSecret).build();
    ChannelAdapter mastodon = Channels.create("mastodon", ChannelConfig.of(Map.of(   // found by ServiceLoader
        "base-url", "https://social.example.de", "access-token", mastodonToken)));
    Channels channels = Channels.of(telegram, mastodon);
    SocialCrm crm = SocialCrm.builder().sendCheck(channels.sendCheck(clock)).clock(clock).build();
    Intake intake = Intake.builder(crm, channels)               // hears the channels
        .poll(ChannelId.MASTODON, Duration.ofSeconds(30))       // intake.start() polls on its own thread
        .build();                                               // cursors in memory; PostgresPollCursorStore keeps them
    Intake.Receipt in = intake.receive(ChannelId.TELEGRAM,      // in the webhook handler: checks the secret and
        InboundDelivery.of(body, headers, clock.instant()));    // stores every message of the body, in order
    crm.reply(in.results().get(0).caseId(), Actor.agent("anna"),
        "Danke für Ihre Geduld! Ein Techniker ist morgen zwischen 8 und 12 Uhr bei Ihnen.");
    OutboxDispatcher dispatcher = OutboxDispatcher.builder(crm, channels).build();
    DispatchStats stats = dispatcher.drain();                  // or dispatcher.start() on its own thread
    // channels:end
    dispatcher.close();
    intake.close();
    channels.close();
    return stats;
  }
}
