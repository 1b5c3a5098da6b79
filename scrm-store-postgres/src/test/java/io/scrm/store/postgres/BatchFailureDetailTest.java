package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.PreparedStatement;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** A failed batch must not carry the server's detail line either. */
final class BatchFailureDetailTest {

  @Test
  void aFailedBatch_carriesNoKeyValueOfTheServersDetail_inItsCauses() {
    Db db = new Db(TestDatabase.dataSource());
    db.tx("setup", c -> {
      try (Statement s = c.createStatement()) {
        s.execute("DROP TABLE IF EXISTS batch_detail");
        s.execute("CREATE TABLE batch_detail (email text PRIMARY KEY)");
      }
      return null;
    });

    assertThatThrownBy(() -> db.tx("insert batch", c -> {
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO batch_detail (email) VALUES (?)")) {
        for (int i = 0; i < 2; i++) {
          Db.bind(ps, "juergen@example.org");
          ps.addBatch();
        }
        ps.executeBatch();
      }
      return null;
    })).isInstanceOfSatisfying(PostgresStoreException.class, e -> {
      assertThat(e.sqlState()).isEqualTo("23505");
      for (Throwable t = e; t != null; t = t.getCause()) {
        assertThat(String.valueOf(t.getMessage())).as(t.getClass().getName())
            .doesNotContain("juergen@example.org");
      }
    });
  }
}
