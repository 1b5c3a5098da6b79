/** scrm channels: adapter SPI, in-memory channel, platform adapters and the outbox dispatcher. */
module io.scrm.channels {
  requires transitive io.scrm.core;
  requires org.slf4j;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.circuitbreaker;
  requires java.net.http;
  requires jakarta.mail;
  requires org.eclipse.angus.mail;

  exports io.scrm.channels;
  exports io.scrm.channels.email;
  exports io.scrm.channels.mastodon;
  exports io.scrm.channels.meta;
  exports io.scrm.channels.telegram;
  exports io.scrm.channels.x;

  uses io.scrm.channels.ChannelProvider;

  provides io.scrm.channels.ChannelProvider with
      io.scrm.channels.InMemoryChannelProvider,
      io.scrm.channels.email.EmailChannelProvider,
      io.scrm.channels.mastodon.MastodonChannelProvider,
      io.scrm.channels.meta.MetaChannelProvider,
      io.scrm.channels.telegram.TelegramChannelProvider,
      io.scrm.channels.x.XChannelProvider;
}
