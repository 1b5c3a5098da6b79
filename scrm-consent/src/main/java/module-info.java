/** scrm consent: the consent ledger and gate, implementing core's consent port. */
module io.scrm.consent {
  requires transitive io.scrm.core;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.datatype.jsr310;
  requires org.slf4j;

  exports io.scrm.consent;

  opens io.scrm.consent to com.fasterxml.jackson.databind;
}
