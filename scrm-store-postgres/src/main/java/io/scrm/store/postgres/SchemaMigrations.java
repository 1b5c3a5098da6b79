package io.scrm.store.postgres;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies scrm's versioned SQL migrations. Idempotent and safe when several instances start at once:
 * the migration runs in one transaction under a PostgreSQL advisory lock, and every applied version is
 * recorded in {@code scrm_schema_version}. A schema that is up to date is only read (no lock, no DDL),
 * so a role that may not create tables starts on a schema its owner migrated. Thread-safe.
 */
final class SchemaMigrations {
  private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrations.class);

  /** Migrations in order; append only, never edit an applied one. */
  static final List<String> MIGRATIONS = List.of("V1__stores.sql", "V2__consent.sql", "V3__routing.sql",
      "V4__outbox_conversation.sql", "V5__poll_cursor.sql", "V6__early_deletion.sql", "V7__decision_order.sql",
      "V8__outbox_created_ns.sql", "V9__lead_thread.sql",
      "V10__outbox_next_ns.sql", "V11__subscription.sql", "V12__pending_opt_in.sql");

  private SchemaMigrations() {}

  /** Applies pending migrations; returns how many were applied. */
  static int migrate(Db db) {
    return migrate(db, MIGRATIONS.size());
  }

  /** Applies pending migrations up to a version (an older schema, for tests of a migration). */
  static int migrate(Db db, int upTo) {
    // versions are only ever added: one read at or past upTo is up to date, whoever migrates meanwhile
    if (db.read("schema version", SchemaMigrations::recordedVersion) >= upTo) {
      return 0;
    }
    return db.tx("schema migration", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("SELECT pg_advisory_xact_lock(7426001)");
        s.execute("CREATE TABLE IF NOT EXISTS scrm_schema_version ("
            + "version int PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
      }
      int current = currentVersion(c);
      int applied = 0;
      for (int v = current + 1; v <= upTo; v++) {
        String script = MIGRATIONS.get(v - 1);
        try (Statement s = c.createStatement()) {
          s.execute(load(script));
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO scrm_schema_version (version, script) VALUES (?, ?)")) {
          Db.bind(ps, v, script);
          ps.executeUpdate();
        }
        LOG.info("applied scrm schema migration {}", script);
        applied++;
      }
      return applied;
    });
  }

  /** The recorded version, 0 if {@code scrm_schema_version} does not exist; creates nothing. */
  static int recordedVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT to_regclass('scrm_schema_version') IS NOT NULL")) {
      rs.next();
      if (!rs.getBoolean(1)) {
        return 0;
      }
    }
    return currentVersion(c);
  }

  static int currentVersion(Connection c) throws SQLException {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM scrm_schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static String load(String script) {
    try (InputStream in = SchemaMigrations.class.getResourceAsStream("migration/" + script)) {
      return new String(Objects.requireNonNull(in, "missing migration " + script).readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read migration " + script, e);
    }
  }
}
