package io.scrm.examples;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.scrm.core.SocialCrm;
import io.scrm.store.postgres.PostgresStores;
import javax.sql.DataSource;

/**
 * The README's switch from the in-memory default to PostgreSQL, compiled and tested.
 *
 * @since 0.1.0
 */
public final class OnPostgres {
  private OnPostgres() {}

  /**
   * Connects an engine to PostgreSQL; the schema is created or migrated on start.
   *
   * @param jdbcUrl e.g. {@code jdbc:postgresql://localhost:5432/scrm}
   * @param user the database user
   * @param password the password
   * @return the engine on PostgreSQL
   */
  public static SocialCrm connect(String jdbcUrl, String user, String password) {
    // postgres:begin
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    config.setUsername(user);
    config.setPassword(password);
    DataSource dataSource = new HikariDataSource(config);
    SocialCrm crm = SocialCrm.builder()
        .stores(PostgresStores.builder().dataSource(dataSource).build())
        .build();
    // postgres:end
    return crm;
  }
}
