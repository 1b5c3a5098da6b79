/** scrm testing: contract tests, test clock and JUnit 5 extension for hosts and vendors. */
module io.scrm.testing {
  requires transitive io.scrm.core;
  requires transitive io.scrm.channels;
  requires transitive org.junit.jupiter.api;
  requires transitive org.assertj.core;
  requires transitive quicktheories;

  exports io.scrm.testing;
  exports io.scrm.testing.channel;
  exports io.scrm.testing.routing;
  exports io.scrm.testing.store;

}
