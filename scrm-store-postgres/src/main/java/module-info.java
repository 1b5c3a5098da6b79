/**
 * scrm on PostgreSQL: the store interfaces of {@code io.scrm.core} over JDBC, for hosts that run
 * several instances on one database.
 */
module io.scrm.store.postgres {
  requires transitive io.scrm.core;
  requires transitive io.scrm.consent;
  requires transitive java.sql;
  requires com.fasterxml.jackson.databind;
  requires org.slf4j;

  exports io.scrm.store.postgres;
}
