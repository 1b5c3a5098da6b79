package io.scrm.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.scrm.core.model.ChannelId;
import io.scrm.core.store.StoreException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

final class PostgresPollCursorStoreTest {
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicBoolean down = new AtomicBoolean();

  /** The test database, counting the connections taken and refusing them while {@link #down} is set. */
  private DataSource observed() {
    DataSource target = TestDatabase.dataSource();
    return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
        (proxy, method, args) -> {
          if (method.getName().equals("getConnection")) {
            connections.incrementAndGet();
            if (down.get()) {
              throw new SQLException("Connection to localhost:5432 refused", "08001");
            }
          }
          try {
            return method.invoke(target, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @BeforeEach
  void noCursors() throws SQLException {
    new PostgresPollCursorStore(TestDatabase.dataSource());
    try (Connection c = TestDatabase.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("TRUNCATE scrm_poll_cursor");
    }
  }

  @Test
  void compareAndSet_blankOrMissingNext_isRefusedBeforeAnyStatement() {
    PostgresPollCursorStore store = new PostgresPollCursorStore(observed());
    connections.set(0);

    assertThatThrownBy(() -> store.compareAndSet(ChannelId.MASTODON, null, "\t"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("next");
    assertThatThrownBy(() -> store.compareAndSet(ChannelId.MASTODON, "7", null))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("next");
    assertThat(connections).hasValue(0);
  }

  @Test
  void anyOperation_databaseUnreachable_failsWithARetryableStoreException() {
    PostgresPollCursorStore store = new PostgresPollCursorStore(observed());
    down.set(true);

    assertThatThrownBy(() -> store.find(ChannelId.TELEGRAM)).isInstanceOf(StoreException.class)
        .isInstanceOfSatisfying(PostgresStoreException.class, e -> {
          assertThat(e.sqlState()).isEqualTo("08001");
          assertThat(e.isRetryable()).isTrue();
        })
        .hasMessageContaining("read poll cursor");
    assertThatThrownBy(() -> store.compareAndSet(ChannelId.TELEGRAM, null, "902115"))
        .isInstanceOf(PostgresStoreException.class);
    assertThatThrownBy(() -> store.compareAndSet(ChannelId.TELEGRAM, "902115", "902116"))
        .isInstanceOf(PostgresStoreException.class);
    assertThatThrownBy(() -> store.delete(ChannelId.TELEGRAM)).isInstanceOf(PostgresStoreException.class);
  }

  @Test
  void toString_showsNoCursorOrChannel() {
    PostgresPollCursorStore store = new PostgresPollCursorStore(TestDatabase.dataSource());
    store.compareAndSet(ChannelId.TELEGRAM, null, "902115");

    assertThat(store.toString()).doesNotContain("902115").doesNotContain("telegram");
  }
}
