/**
 * scrm core: the domain model, the store SPI with in-memory stores, the consent port and the
 * {@link io.scrm.core.SocialCrm} engine. Depends on no other scrm module.
 */
module io.scrm.core {
  requires transitive org.jspecify;
  requires transitive com.fasterxml.jackson.annotation;
  requires transitive com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires com.github.benmanes.caffeine;
  requires org.slf4j;

  exports io.scrm.core;
  exports io.scrm.core.consent;
  exports io.scrm.core.event;
  exports io.scrm.core.listening;
  exports io.scrm.core.model;
  exports io.scrm.core.process;
  exports io.scrm.core.routing;
  exports io.scrm.core.store;

  opens io.scrm.core.model to com.fasterxml.jackson.databind;
}
