/** scrm channels: adapter SPI, in-memory channel, platform adapters and the outbox dispatcher. */
module io.scrm.channels {
  requires transitive io.scrm.core;
  requires org.slf4j;
  requires io.github.resilience4j.core;
  requires io.github.resilience4j.circuitbreaker;
  requires io.github.resilience4j.ratelimiter;

  exports io.scrm.channels;

  uses io.scrm.channels.ChannelProvider;

  provides io.scrm.channels.ChannelProvider with
      io.scrm.channels.InMemoryChannelProvider;
}
