/** scrm consent: the consent ledger and gate, implementing core's consent port. */
module io.scrm.consent {
  requires transitive io.scrm.core;
  requires org.slf4j;

}
