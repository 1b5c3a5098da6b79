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

  // JUnit calls the contract tests' methods and the extension reflectively: on the module path it
  // needs the packages open, or a vendor's test extending a contract fails before it runs
  opens io.scrm.testing to org.junit.platform.commons;
  opens io.scrm.testing.channel to org.junit.platform.commons;
  opens io.scrm.testing.routing to org.junit.platform.commons;
  opens io.scrm.testing.store to org.junit.platform.commons;
}
