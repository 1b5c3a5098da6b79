package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A transaction that fails leaves nothing written, whatever it fails with. */
final class TransactionTest {

  @BeforeEach
  void emptyDatabase() {
    PostgresStores.builder().dataSource(TestDatabase.dataSource()).build();
    TestDatabase.truncate();
  }

  private static long earlyDeletions() throws SQLException {
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM scrm_early_deletion")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Db.Work<Void> insertThen(Throwable failure) {
    return c -> {
      try (PreparedStatement ps = c.prepareStatement(
          "INSERT INTO scrm_early_deletion (message, deleted_at, heard_at) VALUES ('telegram:1', now(), now())")) {
        ps.executeUpdate();
      }
      if (failure instanceof Error error) {
        throw error;
      }
      throw (RuntimeException) failure;
    };
  }

  /** The connection goes back in auto-commit, which commits what is open: an error must roll back first. */
  @Test
  void aTransactionFailingWithAnErrorLeavesNothingWritten() throws SQLException {
    Db db = new Db(TestDatabase.dataSource());

    assertThatThrownBy(() -> db.tx("half a write", insertThen(new StackOverflowError("deep"))))
        .isInstanceOf(StackOverflowError.class);
    assertThatThrownBy(() -> db.tx("half a write", insertThen(new IllegalStateException("late"))))
        .isInstanceOf(IllegalStateException.class);

    assertThat(earlyDeletions()).isZero();
    db.tx("a whole write", c -> {
      try (Statement s = c.createStatement()) {
        return s.executeUpdate(
            "INSERT INTO scrm_early_deletion (message, deleted_at, heard_at) VALUES ('telegram:2', now(), now())");
      }
    });
    assertThat(earlyDeletions()).isOne();
  }
}
